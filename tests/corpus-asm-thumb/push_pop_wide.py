# push/pop of high registers: the 32-bit forms (armv7m and later only)
@micropython.asm_thumb
def f(r0):
    push({r8, r9, r10})
    push({r0, r11, lr})
    pop({r0, r11, lr})
    pop({r8, r9, r10, pc})
