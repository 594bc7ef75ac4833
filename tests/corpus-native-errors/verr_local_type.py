@micropython.viper
def f(a: int, b):
    y = 1
    y = b
    return y
