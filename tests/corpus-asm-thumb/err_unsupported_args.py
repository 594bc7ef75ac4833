@micropython.asm_thumb
def f(r0):
    add(r0, r1, r2, r3)
