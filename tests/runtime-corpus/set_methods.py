# set and frozenset; printed sorted.
s = {3, 1, 2}
s.add(4)
s.discard(10)
s.remove(1)
print(sorted(s), len(s), 2 in s)
a, b = {1, 2, 3, 4}, {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(sorted(a.union(b)), sorted(a.intersection(b)), sorted(a.difference(b)), sorted(a.symmetric_difference(b)))
print(a.issubset({1, 2, 3, 4, 5}), a.issuperset({1}), a.isdisjoint({9}), {1} < a, a <= a, a == {4, 3, 2, 1})
c = set(range(5))
c.update([10, 11])
c -= {0}
c |= {20}
c &= {1, 2, 10, 20, 99}
print(sorted(c))
f = frozenset([1, 2])
print(sorted(f), f == {1, 2}, hash(f) == hash(frozenset([2, 1])), {f: 1}[frozenset([1, 2])])
p = {7}
print(p.pop(), p, set(), len(set("hello")))
try:
    p.pop()
except KeyError as e:
    print("KeyError", e)
try:
    {1}.remove(2)
except KeyError as e:
    print("KeyError", e)
