@micropython.asm_thumb
def f(r0):
    r0.add(1)
