# Classes derived from namedtuple types, OrderedDict, deque and array: fields, order, ring
# behaviour and methods through the native base, plus methods of the subclass.
from collections import namedtuple, OrderedDict, deque
from array import array


class P(namedtuple("P", "x y")):
    def norm(self):
        return self.x * self.x + self.y * self.y


p = P(3, 4)
print(p, p.x, p.y, p.norm(), p[0], len(p), p == (3, 4), isinstance(p, tuple), list(p))
print(P(y=1, x=2), sorted([P(2, 1), P(1, 2)]))


class O(OrderedDict):
    def first(self):
        return next(iter(self))


o = O()
o["b"] = 1
o["a"] = 2
o["c"] = 3
del o["a"]
o["a"] = 4
print(o, list(o), o.first(), len(o), "c" in o, o.pop("b"), list(o.items()))


class D(deque):
    def peek(self):
        return self[0]


d = D((), 3)
for i in range(5):
    d.append(i)
print(len(d), list(d), d.peek(), d.popleft(), bool(d), [x for x in d])


class A(array):
    def total(self):
        return sum(self)


a = A("i", [1, 2])
a.append(3)
a.extend([4])
print(a, len(a), list(a), a[1], a.total(), bytes(a)[:4])
