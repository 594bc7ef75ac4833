# format 2: three-register add/sub and the 3-bit immediate form
@micropython.asm_thumb
def f(r0, r1, r2):
    add(r0, r1, r2)
    sub(r3, r0, r1)
    add(r4, r3, 7)
    sub(r0, r4, 0)
    add(r5, r5, r5)
