# Closures and cells: counters, late binding, nonlocal, nested levels.
def counter():
    n = 0
    def inc(by=1):
        nonlocal n
        n += by
        return n
    return inc
c1, c2 = counter(), counter()
print(c1(), c1(), c1(5), c2())
def make():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]
print(make())
def outer():
    x = "outer"
    def mid():
        def inner():
            return x
        return inner
    x = "changed"
    return mid()()
print(outer())
def f(a):
    def g(b):
        def h(c):
            return a + b + c
        return h
    return g
print(f(1)(2)(3))
def deferred():
    def get():
        return v
    try:
        get()
    except NameError as e:
        print("NameError", e)
    v = 5
    return get()
print(deferred())
