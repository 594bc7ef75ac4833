# frozenset hashes by its elements: equal frozensets hash alike, whatever their insertion order.
a, b = frozenset([1, 2, 3, "x"]), frozenset(["x", 3, 2, 1])
print(hash(a) == hash(b), {a: 1}[b], hash(frozenset()) == hash(frozenset([])), len({a, b}))
try:
    hash(frozenset([(1, [2])]))
except TypeError as e:
    print("TypeError", e)
