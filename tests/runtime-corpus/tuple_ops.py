# Tuples: packing, indexing, comparison, methods, hashing as dict keys.
t = (1, "a", 2.5, None, (3, 4))
print(t, len(t), t[1], t[-1][0], t[1:3], t + (5,), (0,) * 3, () == tuple())
print(t.index(2.5), (1, 1, 2).count(1), 2.5 in t, (1, 2) < (1, 2, 0), (2,) > (1, 9))
x, (y, z) = 1, (2, 3)
print(x, y, z, tuple([1, 2]), tuple("ab"), tuple(range(3)))
d = {(1, 2): "a", (1, (2, 3)): "b"}
print(d[(1, 2)], d[1, (2, 3)], hash((1, 2)) == hash((1, 2)))
try:
    t[0] = 5
except TypeError as e:
    print("TypeError", e)
try:
    hash(([1],))
except TypeError as e:
    print("TypeError", e)
