@micropython.viper
def f(a: int, b: int) -> int:
    c = a + b
    c = c * 3 - a
    c = c & 0xFF | (b ^ 5)
    return c << 2 >> 1


print(f(10, 3), f(-7, 4))
