@micropython.viper
def f(a: 1 + 2):
    return 1
