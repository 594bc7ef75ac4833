# How many objects of each kind fit in the reference's 64 KiB heap: mpyc-run's objects cost
# what MicroPython's do (one block for a float, tuple pair, empty dict or set, function; two
# for a small generator or an instance with an attribute), so a program that fills the heap on the reference gets about as far.
# Each line says whether at least ~90% of the reference's count fitted.
# runtime: heapsize=64k
import gc


def gen():
    yield 1


def maker():
    def g():
        pass

    return g


def closure_maker(x):
    def g():
        return x

    return g


class Point:
    def __init__(self, x):
        self.x = x


def fill(make):
    keep = []
    try:
        while True:
            keep.append(make(len(keep)))
    except MemoryError:
        pass
    n = len(keep)
    keep = None
    gc.collect()
    return n


print("float", fill(lambda i: i * 0.5) >= 1150)
print("tuple", fill(lambda i: (i, i)) >= 1150)
print("dict", fill(lambda i: {}) >= 1150)
print("set", fill(lambda i: set()) >= 1150)
print("function", fill(lambda i: maker()) >= 1150)
print("list", fill(lambda i: [i]) >= 690)
print("generator", fill(lambda i: gen()) >= 680)
print("closure", fill(closure_maker) >= 460)
print("instance", fill(Point) >= 690)
