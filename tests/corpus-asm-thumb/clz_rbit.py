# clz and rbit (armv7m and later)
@micropython.asm_thumb
def f(r0):
    clz(r1, r0)
    rbit(r2, r1)
    clz(r12, r9)
    rbit(r0, r0)
