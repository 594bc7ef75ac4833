# hardware division (armv7m and later)
@micropython.asm_thumb
def f(r0, r1):
    sdiv(r2, r0, r1)
    udiv(r0, r0, r1)
    sdiv(r8, r9, r10)
