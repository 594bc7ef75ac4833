# viper integer constants: every armv6m MOV_REG_IMM shape (8-bit, shifted, 16-bit, literal word, negated)
@micropython.viper
def consts() -> int:
    a = 0
    b = 255
    c = 256
    d = 0x1234
    e = 0x12345
    f = -1
    g = -256
    h = -(1 << 30)
    i = 0x3FFFFFFF
    j = 0xFF00
    k = 0x7FFFFFFF
    m = -0x12345
    return a + b + c + d + e + f + g + h + i + j + k + m

print(consts())
