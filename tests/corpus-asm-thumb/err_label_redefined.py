@micropython.asm_thumb
def f(r0):
    label(a)
    nop()
    label(a)
