# Operator special methods: arithmetic, reflected, in-place, comparison, unary, len, bool, contains.
class V:
    def __init__(self, *c):
        self.c = c
    def __repr__(self):
        return "V%r" % (self.c,)
    def __add__(self, o):
        return V(*[a + b for a, b in zip(self.c, o.c)])
    def __sub__(self, o):
        return V(*[a - b for a, b in zip(self.c, o.c)])
    def __mul__(self, k):
        return V(*[a * k for a in self.c])
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return V(*[-a for a in self.c])
    def __eq__(self, o):
        return isinstance(o, V) and self.c == o.c
    def __lt__(self, o):
        return self.c < o.c
    def __len__(self):
        return len(self.c)
    def __bool__(self):
        return any(self.c)
    def __contains__(self, x):
        return x in self.c
    def __getitem__(self, i):
        return self.c[i]
    def __iadd__(self, o):
        print("iadd")
        return self + o
a, b = V(1, 2), V(3, 4)
print(a + b, a - b, a * 3, 2 * a, -a, a == V(1, 2), a != b, a < b, len(a), bool(V(0, 0)), 2 in a, a[1])
a += b
print(a, sorted([V(5), V(1), V(3)]))
class Cmp:
    def __init__(self, v):
        self.v = v
    def __le__(self, o):
        return self.v <= o.v
    def __gt__(self, o):
        return self.v > o.v
    def __ge__(self, o):
        return self.v >= o.v
print(Cmp(1) <= Cmp(2), Cmp(3) > Cmp(2), Cmp(1) >= Cmp(1))
try:
    V(1) / 2
except TypeError as e:
    print("TypeError", e)
