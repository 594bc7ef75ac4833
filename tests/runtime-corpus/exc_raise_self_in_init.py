# `raise self` in the __init__ of an exception class, before super().__init__, is a TypeError
# (the instance is not an exception yet); after super().__init__ or once built it raises.
class Base:
    pass


class A(Exception):
    def __init__(self, *args):
        raise self


class B(A):
    pass


class C(Base, ValueError):
    def __init__(self):
        raise self


class D(KeyError, Base):
    def __init__(self, x):
        self.x = x
        raise self


class E(Exception):
    def __init__(self, a, b):
        super().__init__(a + b)
        raise self


for make in (lambda: A(1), lambda: B(), lambda: C(), lambda: D(5)):
    try:
        make()
    except TypeError as e:
        print("TypeError:", e)
    except Exception as e:
        print("raised", type(e).__name__)
try:
    E(1, 2)
except E as e:
    print("E", e.args)


class F(Exception):
    def __init__(self, v):
        self.v = v


f = F(7)
print(f.args, f.v)
try:
    raise f
except F as e:
    print("F", e.args, e is f)


class G(Exception):
    def __init__(self):
        try:
            raise self
        except TypeError:
            print("inner TypeError")


try:
    raise G()
except G as e:
    print("G", e.args)
