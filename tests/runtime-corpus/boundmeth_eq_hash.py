# Bound methods compare equal (and hash equally) when they bind the same function to the
# same object.
class A:
    def f(self):
        return 1

    def g(self):
        return 2


a, b = A(), A()
m = a.f
print(m == a.f, a.f == a.f, a.f == b.f, a.f == a.g, a.f == None, None == a.f, a.f != a.f)
print(hash(m) == hash(a.f), len({a.f, a.f, b.f}), {m: 1}[a.f])
