class O:
    pass


@micropython.native
def f(o):
    o.x = 1
    o.y = o.x + 1
    del o.x
    return hasattr(o, "x"), o.y


print(f(O()))
