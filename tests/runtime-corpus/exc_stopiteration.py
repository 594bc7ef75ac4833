# StopIteration semantics: ends for loops, does not escape builtins consuming iterators.
class It:
    def __init__(self):
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.n += 1
        if self.n > 2:
            raise StopIteration("custom stop")
        return self.n
print(list(It()), sum(It()), [x for x in It()])
for v in It():
    print("v", v)
it = It()
next(it)
next(it)
try:
    next(it)
except StopIteration as e:
    print("StopIteration", e.args)
print(next(iter([]), "default"))
def gen():
    yield 1
g = gen()
print(list(g), next(g, "exhausted"))
