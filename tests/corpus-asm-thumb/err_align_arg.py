@micropython.asm_thumb
def f(r0):
    align(r0)
