# bl to a local subroutine and bx lr back
@micropython.asm_thumb
def f(r0):
    push({lr})
    bl(double)
    bl(double)
    pop({pc})
    label(double)
    add(r0, r0, r0)
    bx(lr)
    bx(r3)
