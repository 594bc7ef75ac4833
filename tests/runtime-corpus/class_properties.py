# property (getter, setter, deleter), classmethod, staticmethod.
class Temp:
    scale = "C"
    def __init__(self):
        self._c = 0
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, v):
        print("set", v)
        self._c = v
    @celsius.deleter
    def celsius(self):
        print("deleted")
        self._c = None
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @classmethod
    def make(cls, v):
        t = cls()
        t.celsius = v
        return t
    @staticmethod
    def describe(x):
        return "temp " + str(x)
t = Temp.make(100)
print(t.celsius, t.fahrenheit, Temp.describe(1), t.describe(2), Temp.make(5).scale)
del t.celsius
print(t.celsius)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError", e)
class Sub(Temp):
    pass
print(type(Sub.make(1)).__name__)
