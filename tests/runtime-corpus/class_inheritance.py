# Inheritance: overriding, super(), multiple inheritance and the MRO order of lookups.
class A:
    def who(self):
        return "A"
    def hello(self):
        return "hello from " + self.who()
class B(A):
    def who(self):
        return "B"
class C(A):
    def who(self):
        return "C>" + super().who()
class D(B, C):
    pass
class E(C, B):
    def who(self):
        return "E>" + super().who()
for k in (A, B, C, D, E):
    print(k.__name__, k().who(), k().hello())
print(issubclass(D, A), issubclass(A, D), isinstance(D(), C), issubclass(D, (int, B)))
class Base:
    def __init__(self, v):
        self.v = v
        print("Base init", v)
class Child(Base):
    def __init__(self, v):
        super().__init__(v * 2)
        print("Child init", self.v)
Child(5)
class Child2(Base):
    def __init__(self):
        Base.__init__(self, "explicit")
Child2()
class X:
    def m(self):
        return "X.m"
class Y(X):
    def m(self):
        return "Y.m+" + super(Y, self).m()
print(Y().m())
