# A class that is its own iterator, and one whose __iter__ is a generator.
class Tree:
    def __init__(self, v, kids=()):
        self.v = v
        self.kids = kids
    def __iter__(self):
        yield self.v
        for k in self.kids:
            yield from k
t = Tree(1, [Tree(2, [Tree(3)]), Tree(4)])
print(list(t), sum(t), max(t), sorted(t, reverse=True))
class Squares:
    def __init__(self, n):
        self.n, self.i = n, 0
    def __iter__(self):
        return self
    def __next__(self):
        if self.i == self.n:
            raise StopIteration
        self.i += 1
        return self.i ** 2
s = Squares(4)
print(list(s), list(s), dict(zip("abcd", Squares(4)))["c"], tuple(Squares(2)))
a, b = Squares(2)
print(a, b)
