# collections.namedtuple: fields from str/list/tuple, keywords, errors, tuple behaviour.
from collections import namedtuple

P = namedtuple("P", "x y")
p = P(1, 2)
print(p, type(p), P, P.__name__, isinstance(p, P), isinstance(p, tuple), issubclass(P, tuple))
print(p.x, p.y, p[0], p[-1], len(p), p == (1, 2), (1, 2) == p, hash(p) == hash((1, 2)))
print(p + (3,), p[1:], tuple(p), list(p), repr(p), str(p), hasattr(p, "count"), P.count(p, 1))
print(p.__class__)
x, y = p
print(x, y, P(x=5, y=6), P(7, y=8), sorted([P(2, 1), P(1, 2)]))
for args, kw in (((1,), {}), ((1, 2, 3), {}), ((1,), {"z": 2}), ((1,), {"x": 2})):
    try:
        P(*args, **kw)
    except TypeError as e:
        print("TypeError", e)
for name in ("_fields", "_make"):
    try:
        getattr(P, name)
    except AttributeError as e:
        print("AttributeError", e)
try:
    p.x = 3
except AttributeError as e:
    print("AttributeError", e)
try:
    p.z
except AttributeError as e:
    print("AttributeError", e)
print(hasattr(p, "_replace"), hasattr(p, "_asdict"))
Q = namedtuple("Q", ["a", "b"])
R = namedtuple("R", ("a", "b", "c"))
S = namedtuple("S", "a,b, c")
print(Q(1, 2), R(1, 2, 3), S(1, 2), S(1, 2)[0])
E = namedtuple("E", "")
print(E(), len(E()))
try:
    namedtuple("Z", 5)
except TypeError as e:
    print("TypeError", e)
d = {P(1, 2): "a"}
print(d[(1, 2)], d[P(1, 2)])
