@micropython.asm_thumb
def f(r0) -> a.b:
    pass
    nop()
