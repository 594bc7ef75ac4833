def g(*args, **kw):
    return (args, sorted(kw.items()))


@micropython.native
def f(a, b):
    print(g(a, b, k=a), g(*[a, b]), g(**{"z": b}))
    return g(a, k=1, j=b)


print(f(1, 2))
