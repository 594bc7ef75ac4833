# data() so large that the reference cannot allocate the code (MemoryError, no traceback)
@micropython.asm_thumb
def f(r0):
    data(-1, 1)
    nop()
