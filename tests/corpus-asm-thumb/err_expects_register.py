@micropython.asm_thumb
def f(r0):
    mov(r0, r1)
    add(5, r1, r2)
