def f():
    x = 1
    return g(x, *a, y=1, *b)
