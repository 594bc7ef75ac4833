@micropython.viper
def f(a: ptr):
    if a:
        print(1)
