@micropython.viper
def f(a, b: int):
    l = [a, b]
    l.append(b + 1)
    print(l, a + a)
    return l


f(2, 3)
