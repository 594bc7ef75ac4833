# asm functions as methods, nested in functions, decorated after other decorators
class C:
    @micropython.asm_thumb
    def m(r0, r1):
        mov(r0, r1)

def outer():
    @micropython.asm_thumb
    def inner(r0):
        add(r0, 1)
    return inner

@staticmethod
@micropython.asm_thumb
def g():
    nop()

x = "strings and {} tables".format(1)
