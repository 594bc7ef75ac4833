@micropython.viper
def f(a: uint, b: uint) -> uint:
    return (a + b) >> 1


print(f(6, 4))
