g = 10


@micropython.viper
def f(a: int) -> int:
    global g
    g = a
    return int(g) + 1


print(f(3), g)
