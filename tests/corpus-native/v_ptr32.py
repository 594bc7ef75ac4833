@micropython.viper
def f(buf: ptr32, i: uint) -> int:
    buf[i] = 7
    buf[1] = buf[i] * 3
    return buf[1]


b = bytearray(16)
print(f(b, 2), b)
