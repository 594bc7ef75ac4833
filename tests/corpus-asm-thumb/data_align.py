# data() in 1, 2, 4 and 8-byte units (values truncated) and align() padding with zeros
@micropython.asm_thumb
def f(r0):
    b(code)
    data(1, 1, 2, 255, 256, -1)
    align(4)
    data(2, 0x1234, -2, 65536)
    align(2)
    data(4, 0x12345678, -1, 2**32 + 5)
    align(8)
    data(8, 1, -1, 2**70 + 3)
    data(3, 0x010203)
    align(2)
    label(code)
    mov(r0, 7)
