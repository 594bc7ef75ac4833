# movw/movt/movwt 16- and 32-bit immediates (armv7m and later)
@micropython.asm_thumb
def f(r0):
    movw(r0, 0)
    movw(r1, 0xffff)
    movt(r1, 0x1234)
    movw(r12, 4095)
    movt(r14, 0x8000)
    movwt(r2, 0xdeadbeef)
    movwt(r3, 7)
