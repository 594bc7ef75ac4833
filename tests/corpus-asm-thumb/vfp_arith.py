# single-precision VFP arithmetic (armv7emsp and armv7emdp)
@micropython.asm_thumb
def f(r0, r1):
    vmov(s0, r0)
    vmov(s1, r1)
    vadd(s2, s0, s1)
    vsub(s3, s2, s1)
    vmul(s31, s30, s29)
    vdiv(s4, s3, s17)
    vmov(r0, s4)
