# An exception raised under heap_lock and never caught: the emergency buffer holds its
# args and the two innermost traceback entries only; the top level still prints it.
import micropython


def inner(n):
    raise ValueError("deep", n)


def middle(n):
    return inner(n) + 1


def outer(n):
    return middle(n) * 2


print("start")
micropython.heap_lock()
outer(4)
