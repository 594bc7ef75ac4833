# for loops over built-in containers do not allocate (the iterator lives on the value stack),
# so they work with the heap locked; an explicit iter() does allocate.
import micropython


def walk(out, t, l, b, d, s, fs):
    n = 0
    for x in t:
        n += x
    for x in l:
        n += x
    for x in b:
        n += x
    for x in range(5):
        n += x
    for x in range(10, 0, -3):
        n += x
    for k in d:
        n += d[k]
    for x in s:
        n += x
    for x in fs:
        n += x
    for x in l:
        if x == 2:
            break
    out[0] = n
    try:
        it = iter(l)
    except MemoryError:
        out[1] = "iter() needs the heap"


out = [0, None]
t = (1, 2, 3)
l = [4, 5, 6]
b = b"\x01\x02"
d = {"a": 7, "b": 8}
s = {9}
fs = frozenset([10])
micropython.heap_lock()
walk(out, t, l, b, d, s, fs)
micropython.heap_unlock()
print(out)
