@micropython.asm_thumb
def f(r0):
    add(r8, r1, r2)
