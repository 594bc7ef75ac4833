# Classes: instance and class attributes, methods, bound methods, __init__, __str__/__repr__.
class Point:
    dims = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x * self.x + self.y * self.y
    def __repr__(self):
        return "Point(%d, %d)" % (self.x, self.y)
    def __str__(self):
        return "<%d,%d>" % (self.x, self.y)
p = Point(3, 4)
print(p, repr(p), [p], p.norm2(), Point.norm2(p), p.dims, Point.dims)
m = p.norm2
p.x = 0
print(m(), type(p).__name__, type(p) is Point, Point.__name__)
p.z = 9
print(p.z, hasattr(p, "z"), getattr(p, "w", "none"))
Point.dims = 3
print(p.dims)
class Empty:
    pass
e = Empty()
print(type(e).__name__, isinstance(e, Empty), isinstance(e, object))
try:
    e.missing
except AttributeError as err:
    print("AttributeError", err)
