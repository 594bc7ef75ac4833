# format 1: lsl/lsr/asr by an immediate
@micropython.asm_thumb
def f(r0):
    lsl(r1, r0, 0)
    lsl(r1, r0, 31)
    lsr(r2, r1, 1)
    asr(r0, r2, 17)
