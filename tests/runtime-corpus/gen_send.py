# Generator send(): the value of a yield expression; send(None) to start; errors.
def acc():
    total = 0
    while True:
        x = yield total
        if x is None:
            break
        total += x
    yield "final", total
g = acc()
print(g.send(None), g.send(5), g.send(10), g.send(None))
g2 = acc()
try:
    g2.send(1)
except TypeError as e:
    print("TypeError", e)
def echo():
    r = yield 1
    print("got", r)
    r = yield 2
    print("got", r)
e = echo()
print(next(e), e.send("a"))
try:
    e.send("b")
except StopIteration:
    print("StopIteration")
