# viper arithmetic, logic and shifts on machine ints
@micropython.viper
def ops(a: int, b: int) -> int:
    x = (a + b) * (a - b)
    x = x ^ (a & b) | (a << 3)
    x = x >> (b & 7)
    return x

@micropython.viper
def uops(a: uint, b: uint) -> uint:
    return (a >> b) + (a << 1)

print(ops(7, 3), uops(1024, 2))
