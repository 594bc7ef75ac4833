# Attribute stores on instances: plain classes store into the instance, classes with a
# property, a descriptor or __setattr__ (directly, through a base, or added later) route them.
class Plain:
    pass


p = Plain()
p.x = 1
p.x += 1
print(p.x)


class WithProp:
    def __init__(self):
        self._v = 0

    @property
    def v(self):
        return self._v

    @v.setter
    def v(self, value):
        self._v = value * 10


w = WithProp()
w.v = 4
print(w.v, w._v)


class Sub(WithProp):
    pass


s = Sub()
s.v = 5
print(s.v)


class Desc:
    def __get__(self, obj, cls):
        return "got"

    def __set__(self, obj, value):
        print("set", value)


class HasDesc:
    d = Desc()


h = HasDesc()
h.d = 3
print(h.d)


class Tracer:
    def __setattr__(self, name, value):
        print("setattr", name, value)
        object.__setattr__(self, name, value)


t = Tracer()
t.a = 1
print(t.a)


class Later:
    pass


obj = Later()
obj.q = 1


def getq(self):
    return "prop"


def setq(self, value):
    print("setq", value)


Later.q = property(getq, setq)
obj.q = 2
print(obj.q)


class MyList(list):
    pass


m = MyList()
m.tag = "t"
m.append(1)
print(m.tag, m)
try:
    w2 = WithProp()
    del w2.v
except AttributeError as e:
    print("AttributeError", e)
