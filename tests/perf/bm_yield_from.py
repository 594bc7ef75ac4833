# Generators delegating with yield from through a tree of depth d, and send() ping-pong.
def leaf(n):
    for i in range(n):
        yield i
def tree(depth, n):
    if depth == 0:
        yield from leaf(n)
    else:
        yield from tree(depth - 1, n)
        yield from tree(depth - 1, n)
def echo():
    total = 0
    while True:
        v = yield total
        total += v
def run():
    s = 0
    for _ in range(30):
        s += sum(tree(8, 100))
    g = echo()
    next(g)
    for i in range(1000000):
        s += g.send(i) & 0xFF
    return s
print(run())
