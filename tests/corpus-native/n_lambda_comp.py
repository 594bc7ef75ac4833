@micropython.native
def f(n):
    sq = [x * x for x in range(n) if x % 2]
    d = {x: x + 1 for x in range(n)}
    s = {x % 3 for x in range(n)}
    g = sum(x for x in range(n))
    k = lambda y: y + n
    return sq, sorted(d.items()), sorted(s), g, k(1)


print(f(5))
