# const() names as immediates and offsets; folded constant expressions
from micropython import const

K = const(40)
_OFF = const(8)


@micropython.asm_thumb
def f(r0):
    mov(r1, K)
    add(r1, K + 2)
    ldr(r2, [r0, _OFF])
    lsl(r3, r2, 1 << 2)
    mov(r4, 0x7f & 0xff)
    sub(r4, -(-3))
