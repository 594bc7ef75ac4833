@micropython.viper
def f(a: int, b: int):
    return (a < b, a <= b, a == b, a != b, a > b, a >= b)


@micropython.viper
def g(a: uint, b: uint) -> bool:
    return a < b


print(f(1, 2), f(3, 3), g(1, 2))
