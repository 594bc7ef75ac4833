# nop, wfi, cpsid/cpsie, pass and docstrings between instructions
@micropython.asm_thumb
def f():
    "docstring"
    nop()
    pass
    wfi()
    cpsid(i)
    cpsie(i)
    42
