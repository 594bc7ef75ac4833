@micropython.viper
def f(a: int, b: int):
    x = a / b
