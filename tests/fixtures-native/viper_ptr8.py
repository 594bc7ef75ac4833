@micropython.viper
def f(buf: ptr8, n: int) -> int:
    s = 0
    for i in range(n):
        s += buf[i]
        buf[i] = 2 * i
    buf[0] = 99
    return s + buf[1]


b = bytearray(b"\x01\x02\x03\x04")
print(f(b, 4), b)
