# viper pointer loads and stores with constant indices: short, T3 (armv7m) and generic offsets
@micropython.viper
def ptrs(b8: ptr8, b16: ptr16, b32: ptr32):
    b8[0] = b8[31]
    b8[32] = b8[4095]
    b8[4096] = b8[5000]
    b16[0] = b16[31]
    b16[32] = b16[2047]
    b16[2048] = b16[3000]
    b32[0] = b32[31]
    b32[32] = b32[1023]
    b32[1024] = b32[2000]

@micropython.viper
def ptr_index(p: ptr32, q: ptr16, r: ptr8, i: int):
    p[i] = q[i] + r[i]
    q[i] = r[i + 1]
    r[i] = 1
