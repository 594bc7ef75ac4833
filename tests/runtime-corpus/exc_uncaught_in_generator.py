# Uncaught exception raised inside a generator, propagating through list().
def gen():
    yield 1
    yield 2
    raise ValueError("generator failed")
print(sum([1, 2]))
print(list(gen()))
