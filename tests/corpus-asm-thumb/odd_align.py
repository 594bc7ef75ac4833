# data leaving the code at an odd offset, then align(2)
@micropython.asm_thumb
def f(r0):
    data(1, 7)
    align(2)
    data(1, 1, 2, 3)
    align(4)
    nop()
