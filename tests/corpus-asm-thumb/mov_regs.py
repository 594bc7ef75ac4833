# mov between any registers, with the aliases sl, fp, sp, lr, pc
@micropython.asm_thumb
def f(r0):
    mov(r1, r0)
    mov(r8, r0)
    mov(r0, r9)
    mov(r10, r11)
    mov(r12, sl)
    mov(fp, r0)
    mov(r2, sp)
    mov(r3, lr)
    mov(r4, pc)
    mov(r15, r14)
    mov(r13, r13)
