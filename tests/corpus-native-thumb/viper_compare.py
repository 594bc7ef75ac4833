# viper comparisons, signed and unsigned: IT blocks on armv7m, branches on armv6m
@micropython.viper
def cmp_int(a: int, b: int) -> int:
    n = 0
    if a < b:
        n += 1
    if a > b:
        n += 2
    if a == b:
        n += 4
    if a <= b:
        n += 8
    if a >= b:
        n += 16
    if a != b:
        n += 32
    return n

@micropython.viper
def cmp_uint(a: uint, b: uint) -> int:
    return int(a < b) + int(a > b) * 2 + int(a <= b) * 4 + int(a >= b) * 8

print(cmp_int(1, 2), cmp_int(2, 1), cmp_int(3, 3), cmp_uint(1, 2))
