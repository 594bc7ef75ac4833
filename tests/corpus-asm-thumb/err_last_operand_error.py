@micropython.asm_thumb
def f(r0):
    sub(r9, 8, r10)
