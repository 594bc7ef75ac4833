# many labels and backward/forward short branches between them
@micropython.asm_thumb
def f(r0):
    label(l0)
    b(l3)
    label(l1)
    b(l0)
    label(l2)
    b(l1)
    label(l3)
    b(l2)
    label(l4)
    beq(l4)
    bne(l5)
    label(l5)
