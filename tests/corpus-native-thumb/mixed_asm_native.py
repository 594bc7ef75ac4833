# bytecode, native, viper and asm_thumb scopes in one module
def plain(x):
    return x + 1

@micropython.native
def nat(x):
    return plain(x) * 2

@micropython.viper
def vip(x: int) -> int:
    return x * 3

@micropython.asm_thumb
def asm(r0):
    add(r0, r0, r0)
