@micropython.viper
def f(x) -> int:
    a = int(x)
    b = uint(a)
    c = bool(x)
    p = ptr8(bytearray(2))
    return a + int(b) + int(c)


print(f(5))
