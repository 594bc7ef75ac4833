# every condition code as a short conditional branch
@micropython.asm_thumb
def f(r0):
    label(top)
    beq(top)
    bne(top)
    bcs(top)
    bcc(top)
    bmi(top)
    bpl(top)
    bvs(top)
    bvc(top)
    bhi(end)
    bls(end)
    bge(end)
    blt(end)
    bgt(end)
    ble(end)
    label(end)
