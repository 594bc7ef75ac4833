# Binding rules of class attributes: builtins' functions act as staticmethods, a function
# __new__ is a staticmethod, only __iadd__/__isub__ of the in-place methods are looked up,
# and in-place operators fall back to the reflected method of the right operand.
class A:
    f = abs
    g = len
    h = [].append

    def __new__(cls, *args):
        print("A.__new__", args)
        return super(cls, A).__new__(cls)

    def __init__(self, *args):
        self.v = args


a = A(1, 2)
print(a.f(-3), a.g("xyz"), A.f(-4), a.v)
b = a.__new__(A)
print(type(b).__name__, A.__new__(A).__class__ is A)


class N:
    def __init__(self, v):
        self.v = v

    def __iadd__(self, o):
        print("__iadd__")
        self.v += o
        return self

    def __isub__(self, o):
        print("__isub__")
        return self

    def __imul__(self, o):
        print("__imul__ (not used)")
        return self

    def __mul__(self, o):
        print("__mul__")
        return N(self.v * o)

    def __ror__(self, o):
        return "ror %s|%s" % (o, self.v)

    def __radd__(self, o):
        return "radd %s+%s" % (o, self.v)


n = N(2)
n += 3
n -= 1
n *= 4
print(n.v)
x = "s"
x |= N(5)
print(x)
y = 1
y += N(6)
print(y)
try:
    n %= 2
except TypeError as e:
    print("TypeError")
