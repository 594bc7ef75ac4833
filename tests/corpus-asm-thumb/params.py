# zero to four register parameters
@micropython.asm_thumb
def p0():
    mov(r0, 0)

@micropython.asm_thumb
def p1(r0):
    add(r0, 1)

@micropython.asm_thumb
def p2(r0, r1):
    add(r0, r0, r1)

@micropython.asm_thumb
def p3(r0, r1, r2):
    add(r0, r0, r1)
    add(r0, r0, r2)

@micropython.asm_thumb
def p4(r0, r1, r2, r3):
    add(r0, r0, r3)

print(p0(), p1(1), p2(1, 2), p3(1, 2, 3), p4(1, 2, 3, 4))
