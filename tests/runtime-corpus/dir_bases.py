# dir() of instances and classes includes the attributes of every base class, once.
class A:
    x = 1

    def a(self):
        pass


class B(A):
    def b(self):
        pass


class C(A):
    def c(self):
        pass


class D(B, C):
    def d(self):
        pass


o = D()
o.inst = 5
for obj in (o, D, B()):
    names = dir(obj)
    print(sorted(n for n in names if not n.startswith("__")), [names.count(n) for n in "abcdx"])
print("append" in dir(list), "inst" in dir(o))
