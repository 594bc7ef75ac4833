@micropython.viper
def f(a: int, b) -> int:
    x = 0
    try:
        x = int(b[a])
    except IndexError:
        x = -1
    return x


print(f(1, [5, 6]), f(4, [5]))
