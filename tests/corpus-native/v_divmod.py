@micropython.viper
def f(a: int, b: int) -> int:
    return a // b + a % b


print(f(17, 5), f(-17, 5))
