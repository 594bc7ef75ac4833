@micropython.viper
def f(a: int, b: int, c: int, d) -> int:
    return a + b + c + int(d)


print(f(1, 2, 3, 4))
