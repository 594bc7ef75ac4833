@micropython.viper
def f():
    x = int(int)
