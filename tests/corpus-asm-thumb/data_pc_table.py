# a table of words read through the address of a label
@micropython.asm_thumb
def f(r0):
    lsl(r0, r0, 2)
    b(go)
    align(4)
    label(table)
    data(4, 10, 20, 30, 40)
    label(go)
    mov(r1, pc)
    add(r0, r0, r1)
    ldr(r0, [r0, 0])
