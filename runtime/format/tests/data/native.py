import micropython


@micropython.native
def nat(a, b=2):
    s = "native str"
    return a + b, s


@micropython.viper
def vip(x: int) -> int:
    return x * 2 + 1


@micropython.native
def natgen(n):
    for i in range(n):
        yield i


print(nat(1), vip(3), list(natgen(3)))
