@micropython.viper
def f(a: int, b) -> int:
    return b
