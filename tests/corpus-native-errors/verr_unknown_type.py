@micropython.viper
def f(a: foo):
    return 1
