@micropython.asm_thumb
def f(r0):
    vneg(s0, s32)
