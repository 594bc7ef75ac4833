# loads and stores with immediate offsets: word (0..124, x4), half (0..62, x2), byte (0..31)
@micropython.asm_thumb
def f(r0):
    ldr(r1, [r0, 0])
    ldr(r2, [r0, 124])
    ldrh(r3, [r1, 62])
    ldrb(r4, [r2, 31])
    str(r1, [r0, 4])
    strh(r3, [r7, 2])
    strb(r4, [r6, 1])
    ldr(r0, [r0, 8])
