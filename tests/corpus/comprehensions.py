# List, set and dict comprehensions; nested comprehensions; conditions.
print([x * 2 for x in range(5)])
print([x for x in range(10) if x % 3 == 0])
print(sorted({x % 3 for x in range(10)}))
print(sorted({k: v for k, v in zip("abc", range(3))}.items()))
print([(x, y) for x in range(3) for y in range(x)])
print([[y for y in range(x)] for x in range(4)])
n = 3
print([i + n for i in range(n)])
def scope():
    m = 10
    return [m + i for i in range(3)]
print(scope())
print([c.upper() for c in "hey" if c if c != "e"])
matrix = [[1, 2], [3, 4]]
print([v for row in matrix for v in row])
