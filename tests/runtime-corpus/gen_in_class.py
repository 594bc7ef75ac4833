# Generator methods, generator properties, classmethod generators, and generators closing over self.
class Grid:
    def __init__(self, w, h):
        self.w, self.h = w, h
    def cells(self):
        for y in range(self.h):
            for x in range(self.w):
                yield x, y
    @property
    def rows(self):
        return (list(range(y * self.w, (y + 1) * self.w)) for y in range(self.h))
    @classmethod
    def sizes(cls, n):
        for i in range(1, n + 1):
            yield cls(i, i)
    def __iter__(self):
        return self.cells()
g = Grid(3, 2)
print(list(g.cells()), list(g.rows), [s.w * s.h for s in Grid.sizes(4)], len(list(g)))
def counter_gen(obj):
    while obj.w > 0:
        obj.w -= 1
        yield obj.w
print(list(counter_gen(Grid(4, 1))))
