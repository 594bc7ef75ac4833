# push/pop of low registers, 16-bit forms
@micropython.asm_thumb
def f(r0):
    push({r0})
    push({r1, r2, r3})
    pop({r1, r2, r3})
    push({r4, r5, r6, r7})
    pop({r0, r7, r4, r5})
    pop({r6})
