# collections: namedtuple, OrderedDict, deque.
from collections import namedtuple, OrderedDict, deque
Point = namedtuple("Point", ("x", "y"))
p = Point(1, y=2)
print(p, p.x, p.y, p[0], len(p), p == (1, 2), isinstance(p, tuple))
print(Point(*(3, 4)), tuple(p))
P2 = namedtuple("P2", "a b c")
print(P2(1, 2, 3), P2(1, 2, 3).c)
od = OrderedDict()
od["z"] = 1
od["a"] = 2
od["m"] = 3
print(od, list(od.keys()), list(od.values()), list(od.items()))
del od["a"]
od["a"] = 4
print(od, od.popitem(), od)
d = deque((), 5)
for i in range(4):
    d.append(i)
d.appendleft(-1)
print(len(d), d.popleft(), d.pop(), d.popleft(), len(d), bool(d))
try:
    deque((), 1).pop()
except IndexError as e:
    print("IndexError", e)
