@micropython.asm_thumb
def f(r0):
    frobnicate(r0, r1)
