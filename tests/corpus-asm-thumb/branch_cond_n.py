# explicit narrow conditional branches
@micropython.asm_thumb
def f(r0):
    label(a)
    beq_n(a)
    bne_n(b)
    blt_n(a)
    label(b)
    bge_n(b)
