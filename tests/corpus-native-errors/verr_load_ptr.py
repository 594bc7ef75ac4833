@micropython.viper
def f(a: ptr):
    x = a[0]
