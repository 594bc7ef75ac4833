@micropython.asm_thumb
def f(r0):
    label(back)
    align(512)
    bne(back)
