# def with every parameter kind.
def f0():
    return "f0"
def f1(a, b):
    return a, b
def f2(a, b=2, c="c"):
    return a, b, c
def f3(a, *args):
    return a, args
def f4(a, *, k):
    return a, k
def f5(a, *, k=5, m):
    return a, k, m
def f6(**kw):
    return sorted(kw.items())
def f7(a, b=1, *args, c, d=4, **kw):
    return a, b, args, c, d, sorted(kw.items())
def f8(*, only=8):
    return only
def f9(*args, **kw):
    return args, sorted(kw)
print(f0())
print(f1(1, 2), f1(b=1, a=2))
print(f2(1), f2(1, 3), f2(1, c=9), f2(1, 2, 3))
print(f3(1), f3(1, 2, 3))
print(f4(1, k=2))
print(f5(1, m=3), f5(1, k=2, m=3))
print(f6(), f6(x=1, y=2))
print(f7(1, c=3), f7(1, 2, 3, 4, c=5, d=6, e=7))
print(f8(), f8(only=0))
print(f9(1, 2, z=3, y=4))
x = 10
def g(a=x, b=x * 2, c=[]):
    c.append(a)
    return a, b, c
x = 99
print(g(), g(1))
