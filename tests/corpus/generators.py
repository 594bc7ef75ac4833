# Generators: yield, yield from, send, return value, generator expressions.
def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count(4)))
def delegate():
    r = yield from count(2)
    yield "after"
    return r
print(list(delegate()))
def echo():
    got = yield "start"
    while True:
        got = yield "got " + str(got)
g = echo()
print(next(g), g.send(1), g.send("x"))
def with_return():
    yield 1
    return "ret"
it = with_return()
next(it)
try:
    next(it)
except StopIteration as e:
    print("StopIteration", e.value)
print(sum(x * x for x in range(5)))
print(list(x for x in "abc" if x != "b"))
