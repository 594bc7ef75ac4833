# a wide conditional branch over 4 KiB of padding (armv7m and later)
@micropython.asm_thumb
def f(r0):
    cmp(r0, 0)
    beq_w(far)
    mov(r0, 1)
    align(4096)
    label(far)
    add(r0, 2)
