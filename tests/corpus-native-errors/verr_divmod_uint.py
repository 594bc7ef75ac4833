@micropython.viper
def f(a: uint, b: uint):
    x = a // b
