# MicroPython 1.28 rejects `*args` after a keyword argument; CircuitPython 10 compiles it.
def f(*args, **kwargs):
    return args, kwargs


rest = (1, 2)
print(f(a=1, *rest))
print(f(0, a=1, *rest, b=2))
print(f(a=1, *rest, **{"c": 3}))
obj = {"k": 1}
print(obj.get(*("k",), **{}))
print("{} {}".format(sep="-", *rest))
