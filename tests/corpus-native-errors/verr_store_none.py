@micropython.viper
def f(a: ptr8):
    a[0] = None
