# The iteration protocol: iter/next on builtins, sentinel exhaustion, for over custom iterators.
it = iter([1, 2])
print(next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
class Count:
    def __init__(self, n):
        self.i = 0
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i
print(list(Count(4)), sum(Count(10)), [x * 2 for x in Count(3)], 3 in Count(5), 9 in Count(5))
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * 10
print(list(Seq()), [v for v in Seq()])
for k in iter({"only": 1}):
    print(k)
for i, c in enumerate("ab", 1):
    print(i, c)
for a, b in zip(range(3), "xyz"):
    print(a, b)
print(list(reversed([1, 2, 3])), list(reversed(range(4))), list(reversed("ab")))
for x in range(3):
    if x == 5:
        break
else:
    print("for-else ran")
while False:
    pass
else:
    print("while-else ran")
try:
    iter(5)
except TypeError as e:
    print("TypeError", e)
