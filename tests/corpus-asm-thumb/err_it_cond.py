@micropython.asm_thumb
def f(r0):
    ite(xx)
