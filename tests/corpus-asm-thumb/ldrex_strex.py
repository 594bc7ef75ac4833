# exclusive load/store (armv7m and later)
@micropython.asm_thumb
def f(r0):
    label(retry)
    ldrex(r1, [r0, 0])
    add(r1, 1)
    strex(r2, r1, [r0, 0])
    cmp(r2, 0)
    bne(retry)
    ldrex(r3, [r4, 252])
    strex(r5, r3, [r4, 8])
