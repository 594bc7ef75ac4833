@micropython.asm_thumb
def f(r0):
    vmrs(r0, FPEXC)
