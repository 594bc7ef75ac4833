@micropython.viper
def f(buf: ptr16, i: int) -> int:
    buf[i] = 0x1234
    buf[0] = buf[1] + 1
    return buf[i] + buf[0]


b = bytearray(8)
print(f(b, 2), b)
