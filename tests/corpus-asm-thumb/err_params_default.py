@micropython.asm_thumb
def f(r0=1):
    nop()
