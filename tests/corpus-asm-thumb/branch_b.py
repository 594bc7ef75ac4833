# unconditional b.n forward and backward, labels
@micropython.asm_thumb
def f(r0):
    b(skip)
    mov(r0, 1)
    label(skip)
    label(loop)
    sub(r0, 1)
    cmp(r0, 0)
    bgt(loop)
    b(end)
    label(end)
