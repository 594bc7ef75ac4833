# push with lr and pop with pc: still the 16-bit forms
@micropython.asm_thumb
def f(r0):
    push({r4, lr})
    bl(sub)
    pop({r4, pc})
    label(sub)
    push({lr})
    mov(r0, 1)
    pop({pc})
