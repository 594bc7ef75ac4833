@micropython.viper
def f(a: int):
    a[0] = 1
