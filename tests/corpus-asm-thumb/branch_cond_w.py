# wide conditional branches (armv7m and later)
@micropython.asm_thumb
def f(r0):
    label(a)
    beq_w(a)
    bne_w(b)
    bhi_w(a)
    nop()
    label(b)
    ble_w(b)
