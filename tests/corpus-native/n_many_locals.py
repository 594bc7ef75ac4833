@micropython.native
def f(a, b, c, d):
    e = a + b
    g = c * d
    h = e - g
    i = [a, b, c, d, e, g, h]
    return i, h


print(f(1, 2, 3, 4))
