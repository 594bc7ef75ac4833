# Generator pipelines and generator expressions consumed lazily by builtins.
def numbers(n):
    for i in range(n):
        yield i
def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x
def squares(it):
    return (x * x for x in it)
print(list(squares(evens(numbers(10)))), sum(squares(range(4))), max(evens(numbers(7))))
g = squares(numbers(3))
print(next(g), next(g), next(g), next(g, "end"))
print(any(x > 50 for x in squares(numbers(100))), all(x < 5 for x in numbers(5)))
print(dict((x, x * 2) for x in range(3))[2], sorted(x % 3 for x in numbers(7)), "".join(c for c in "abc" if c != "b"))
def take(n, it):
    for x in it:
        if n <= 0:
            return
        n -= 1
        yield x
def forever():
    i = 0
    while True:
        yield i
        i += 1
print(list(take(5, forever())), list(zip(forever(), "ab")), list(enumerate(take(2, forever()))))
