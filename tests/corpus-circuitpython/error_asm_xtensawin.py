# CircuitPython's mpy-cross has no inline assembler for xtensawin: with -march=xtensawin this is
# "invalid arch" (see cli-cases.txt); without -march, for both flavours.
@micropython.asm_xtensa
def f():
    nop()
