@micropython.viper
def f(a: ptr8, p: ptr):
    a[p] = 1
