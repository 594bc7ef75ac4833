@micropython.viper
def f():
    print(x)
    x = 1
