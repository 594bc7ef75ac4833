@micropython.viper
def f1(a: int) -> int:
    return -a


@micropython.viper
def f2(a: int) -> int:
    return ~a


@micropython.viper
def f3(a: int) -> int:
    return +a


print(f1(5), f2(5), f3(5))
