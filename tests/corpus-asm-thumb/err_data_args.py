@micropython.asm_thumb
def f(r0):
    data(4)
