import micropython


@micropython.asm_thumb
def add(r0, r1):
    add(r0, r0, r1)


print(add(1, 2))
