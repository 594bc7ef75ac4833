@micropython.viper
def f(a: int, b):
    x = a + b
