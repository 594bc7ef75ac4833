# yield from: delegation of values, send, throw, and the return value of the subgenerator.
def inner():
    x = yield "i1"
    print("inner got", x)
    yield "i2"
    return "inner-result"
def outer():
    r = yield from inner()
    print("outer got", r)
    yield from [10, 20]
    yield from range(2)
    return "outer-result"
g = outer()
print(next(g), g.send("sent"), next(g), next(g), next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.args)
def catcher():
    try:
        yield 1
    except ValueError:
        yield "handled"
def deleg():
    yield from catcher()
d = deleg()
next(d)
print(d.throw(ValueError))
def ret():
    return 5
    yield
def use():
    v = yield from ret()
    yield v
print(list(use()))
