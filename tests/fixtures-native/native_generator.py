@micropython.native
def gen(n):
    for i in range(n):
        x = yield i
        if x:
            print("got", x)
    return n


g = gen(3)
print(next(g), g.send("a"), next(g))
try:
    next(g)
except StopIteration as e:
    print("stop", e.value)
