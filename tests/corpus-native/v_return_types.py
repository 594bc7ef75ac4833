@micropython.viper
def f1() -> int:
    return 1


@micropython.viper
def f2() -> bool:
    return True


@micropython.viper
def f3() -> uint:
    return None


@micropython.viper
def f4():
    return None


print(f1(), f2(), f3(), f4())
