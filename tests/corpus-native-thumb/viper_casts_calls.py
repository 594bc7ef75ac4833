# viper casts, calls of Python functions and return types
@micropython.viper
def casts(x) -> uint:
    p = ptr8(x)
    n = int(len(x))
    u = uint(n) + uint(p[0])
    return u

@micropython.viper
def flag(a: int) -> bool:
    return a > 3

@micropython.viper
def obj(a: int) -> object:
    return a

print(casts(b"abc"), flag(4), obj(5))
