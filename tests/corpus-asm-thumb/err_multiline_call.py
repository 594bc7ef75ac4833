@micropython.asm_thumb
def f(r0):
    nop()
    mov(
        r0,
        1000)
