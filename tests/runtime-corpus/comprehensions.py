# List, dict, set comprehensions and generator expressions, nested, with conditions.
print([x * x for x in range(6)], [x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(i, j) for i in range(3) for j in range(i)])
print(sorted({x % 4 for x in range(20)}), sorted({k: v for k, v in zip("abc", range(3))}.items()))
print(sum(x for x in range(100)), list(x + 1 for x in (1, 2)), [[j for j in range(i)] for i in range(4)])
y = 10
print([y + x for x in range(3)], [lambda: x for x in range(3)][1]())
g = (c.upper() for c in "abc")
print(next(g), list(g), list(g))
