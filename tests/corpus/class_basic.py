# Classes: attributes, methods, __init__, class variables, staticmethod/classmethod, __str__.
class Point:
    dims = 2
    def __init__(self, x, y=0):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x * self.x + self.y * self.y
    def __str__(self):
        return "Point(%d, %d)" % (self.x, self.y)
    def __eq__(self, other):
        return self.x == other.x and self.y == other.y
    @staticmethod
    def origin():
        return Point(0, 0)
    @classmethod
    def name(cls):
        return cls.__name__
p = Point(3, 4)
print(p.norm2(), str(p), Point.dims, p.dims)
print(Point.origin() == Point(0), Point.name())
class Empty:
    pass
print(type(Empty()).__name__)
