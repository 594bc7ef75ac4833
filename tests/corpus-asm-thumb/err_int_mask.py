@micropython.asm_thumb
def f(r0):
    lsl(r0, r0, 32)
