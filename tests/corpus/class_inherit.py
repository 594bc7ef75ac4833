# Inheritance, super(), method overriding, isinstance, properties.
class Base:
    def __init__(self, v):
        self.v = v
    def describe(self):
        return "Base(%r)" % self.v
    def twice(self):
        return self.describe() * 2
class Child(Base):
    def __init__(self, v, w):
        super().__init__(v)
        self.w = w
    def describe(self):
        return "Child:" + super().describe() + str(self.w)
    @property
    def total(self):
        return self.v + self.w
    @total.setter
    def total(self, t):
        self.w = t - self.v
c = Child(1, 2)
print(c.describe(), c.twice())
print(c.total)
c.total = 10
print(c.w, isinstance(c, Base), issubclass(Child, Base))
class E(Exception):
    pass
try:
    raise E("custom")
except Exception as e:
    print(type(e).__name__, e)
