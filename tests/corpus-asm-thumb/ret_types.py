# return annotations: object, bool, int, uint and none
@micropython.asm_thumb
def a(r0) -> object:
    nop()

@micropython.asm_thumb
def b(r0) -> bool:
    nop()

@micropython.asm_thumb
def c(r0) -> int:
    nop()

@micropython.asm_thumb
def d(r0) -> uint:
    nop()

@micropython.asm_thumb
def e():
    pass
