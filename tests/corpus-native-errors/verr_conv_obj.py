@micropython.viper
def f():
    print(ptr(0))
