@micropython.native
def f(t):
    a, b, c = t
    d, *e = t
    *g, h = t
    return a + c, b, d, e, g, h


print(f((1, 2, 3)))
