@micropython.native
def f(a, b):
    return a + b * 2 - a // 3 + (a % 5) ** 2


print(f(10, 3), f(-7, 4))
