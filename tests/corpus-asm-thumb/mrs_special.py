# mrs from IPSR and BASEPRI (armv7m and later)
@micropython.asm_thumb
def f(r0):
    mrs(r0, IPSR)
    mrs(r12, BASEPRI)
