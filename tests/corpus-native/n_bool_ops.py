@micropython.native
def f(a, b):
    return (a and b, a or b, not a, -a if a else ~b, +b)


print(f(0, 3), f(2, 0))
