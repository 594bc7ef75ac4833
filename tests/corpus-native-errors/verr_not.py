@micropython.viper
def f(a: int):
    x = not a
