# heap_lock nesting and wrap-around, what fails and what works while locked, exceptions
# raised under the lock (the unix port's 256-byte emergency buffer carries their args).
import micropython
import gc
micropython.heap_lock()
micropython.heap_lock()
micropython.heap_lock()
print(micropython.heap_unlock(), micropython.heap_unlock(), micropython.heap_unlock())
# Unlocking when not locked wraps (and locks); one more lock wraps back to 0.
print(micropython.heap_unlock(), micropython.heap_unlock())
micropython.heap_lock()
micropython.heap_lock()
micropython.heap_lock()
print(micropython.heap_unlock())


def blocked(out, n, big):
    # Each of these needs the heap: MemoryError, message kept by the emergency buffer.
    ops = 0
    for k in range(10):
        try:
            if k == 0:
                x = [n, n]
            elif k == 1:
                x = (n, big)
            elif k == 2:
                x = "ab" + big
            elif k == 3:
                x = n * 0.5
            elif k == 4:
                x = n << 80
            elif k == 5:
                x = {n: 1}
            elif k == 6:
                x = bytearray(4)
            elif k == 7:
                x = (i for i in big)
            elif k == 8:
                x = str(n)
            else:
                x = [i for i in range(n)]
        except MemoryError as e:
            ops += 1
            msg = e.args
    out[0] = ops
    out[1] = msg


def works(out, lst, d, t):
    # These do not allocate.
    s = 0
    for i in range(10):
        s += i * i
    s += t[1] + d["a"] + len(lst)
    lst.append(7)
    x = "" + "abc"
    y = t[2]
    gc.collect()
    out[2] = s
    out[3] = x
    out[4] = y


def raising(k):
    if k == 0:
        raise ValueError(1)
    if k == 1:
        raise ValueError("hello")
    if k == 2:
        raise ValueError
    if k == 3:
        raise KeyError(1, 2, 3)
    if k == 4:
        return 1 + "a"
    if k == 5:
        return {}["missing"]
    return undefined_name


lst = [1]
lst.append(2)
lst.pop()
d = {"a": 5}
t = (1, 2, 3)
def main():
    out = [None] * 5
    micropython.heap_lock()
    blocked(out, 3, "xyz")
    works(out, lst, d, t)
    micropython.heap_unlock()
    print(out, lst)
    # One exception at a time: the emergency buffer holds the data of only one.
    for k in range(7):
        micropython.heap_lock()
        try:
            raising(k)
        except Exception as e:
            a = e.args
            ty = type(e)
        micropython.heap_unlock()
        print(ty.__name__, a)


main()
