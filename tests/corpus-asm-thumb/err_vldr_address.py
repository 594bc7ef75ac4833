@micropython.asm_thumb
def f(r0):
    vldr(s0, [r1])
