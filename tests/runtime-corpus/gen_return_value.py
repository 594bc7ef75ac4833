# return in a generator: StopIteration.value, and StopIteration raised inside.
def g():
    yield 1
    return 42
it = g()
next(it)
try:
    next(it)
except StopIteration as e:
    print("value", e.value, e.args)
def g2():
    yield 1
    return
it = g2()
next(it)
try:
    next(it)
except StopIteration as e:
    print("value", e.value)
def g3():
    yield 1
    raise StopIteration("inner")
try:
    print(list(g3()))
except RuntimeError as e:
    print("RuntimeError", e)
except StopIteration as e:
    print("StopIteration", e)
