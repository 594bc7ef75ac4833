# align() by a number that is not a power of two
@micropython.asm_thumb
def f(r0):
    data(1, 9)
    align(3)
    data(1, 1)
    align(6)
    nop()
