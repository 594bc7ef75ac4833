# A program fills the heap, catches the MemoryError and, in the handler, uses built-in names,
# functions and methods for the first time: on MicroPython they are in ROM and need no memory.
# runtime: heapsize=64k


def fill(kind):
    items = []
    try:
        while True:
            items.append(kind(len(items)))
    except MemoryError:
        print("caught in", fill.__name__, ord("a"), chr(98), bool(items), len(items[0]))
    n = len(items)
    items = None
    return n > 10


print(fill(lambda i: (i, i)))
print(fill(lambda i: {i: i}))



def fill_and_look():
    keep = []
    try:
        while True:
            keep.append([len(keep)])
    except MemoryError as e:
        print("caught", type(e).__name__, isinstance(e, MemoryError), len(keep) > 100)
        print(abs(-3), min(4, 2), max(4, 2), callable(print), hash(7), divmod is not None)
        print(keep[0].count(0), keep[1].index(1), "abc".startswith("a"), "x".isdigit())
        print(sorted is not None, getattr(keep, "nope", 5), hasattr(keep, "append"))
    return len(keep) > 100


print("after", fill_and_look())
