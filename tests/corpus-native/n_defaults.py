@micropython.native
def f(a, b=2, *args, c=3, **kw):
    return a, b, args, c, sorted(kw)


print(f(1), f(1, 5, 6, c=7, d=8))
