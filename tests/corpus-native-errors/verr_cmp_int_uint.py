@micropython.viper
def f(a: int, b: uint):
    x = a < b
