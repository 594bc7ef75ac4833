# format 3: mov/cmp/add/sub with an 8-bit immediate on low registers
@micropython.asm_thumb
def f(r0):
    mov(r1, 0)
    mov(r7, 255)
    add(r0, 17)
    sub(r0, 3)
    cmp(r0, 200)
    add(r0, r1, r0)
