# Descriptors: __get__/__set__/__delete__ on class attributes.
class Typed:
    def __init__(self, name, kind):
        self.name, self.kind = name, kind
    def __get__(self, obj, owner):
        if obj is None:
            return "descriptor on " + owner.__name__
        return getattr(obj, "_" + self.name, "unset")
    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError("%s must be %s" % (self.name, self.kind.__name__))
        setattr(obj, "_" + self.name, value)
    def __delete__(self, obj):
        print("deleting", self.name)
        delattr(obj, "_" + self.name)
class Person:
    age = Typed("age", int)
    name = Typed("name", str)
p = Person()
print(p.age)
p.age = 30
p.name = "ann"
print(p.age, p.name, p._age)
try:
    p.age = "old"
except TypeError as e:
    print("TypeError", e)
del p.age
print(p.age)
