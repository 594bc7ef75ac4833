# vldr/vstr with word offsets up to 1020
@micropython.asm_thumb
def f(r0):
    vldr(s0, [r0, 0])
    vldr(s31, [r7, 1020])
    vstr(s1, [r1, 4])
    vstr(s16, [r3, 512])
