# VFP two-register forms: vneg vsqrt vcmp (assembled as vcmpe) and conversions
@micropython.asm_thumb
def f(r0):
    vmov(s0, r0)
    vcvt_f32_s32(s1, s0)
    vsqrt(s2, s1)
    vneg(s3, s2)
    vcmp(s3, s1)
    vmrs(APSR_nzcv, FPSCR)
    vmrs(r1, FPSCR)
    vcvt_s32_f32(s5, s3)
    vmov(r0, s5)
