# all/any/sum/min/max walk a built-in iterable in place (no iterator object), min/max of several
# arguments compare them where they are, and for loops
# walk arrays and memoryviews in place: all of it works with the heap locked.
import array
import micropython


def run(out, t, l, b, ba, ar, mv, d, s, r):
    out[0] = all(t)
    out[1] = any(l)
    out[2] = all(ba)
    out[3] = any(b"\x00")
    out[4] = sum(t)
    out[5] = sum(l, 10)
    out[6] = sum(ar)
    out[7] = sum(r)
    out[8] = sum(b)
    out[9] = min(t)
    out[10] = max(l)
    out[11] = min(ba)
    out[12] = max(ar)
    out[13] = min(mv)
    out[14] = max(d)
    out[15] = min(s)
    n = 0
    for x in ar:
        n += x
    for x in mv:
        n += x
    out[16] = n
    out[17] = 2 in b
    out[18] = "z" in d
    out[19] = max(mv)
    # Several arguments are compared where they are.
    out[20] = min(t[2], l[1], b[0])
    out[21] = max(ba[0], ar[2], key=abs)
    out[22] = min("b", "a")


out = [None] * 24
t = (1, 2, 3)
l = [0, 4, 5]
b = b"\x01\x02"
ba = bytearray(b"\x07\x00\x09")
ar = array.array("h", [3, -4, 5])
mv = memoryview(bytearray([1, 2, 3]))
d = {"k": 1, "z": 2, "a": 3}
s = {9, 8}
r = range(4)
micropython.heap_lock()
try:
    run(out, t, l, b, ba, ar, mv, d, s, r)
except MemoryError:
    out[23] = "MemoryError"
micropython.heap_unlock()
print(out)
# An iterator object is still walked through its __next__.
g = (x * x for x in range(4))
print(sum(g), min(iter([5, 3, 4])), max("abc"), any(x > 2 for x in t))
print(min(3, 1, 2), max(1, 5, key=lambda v: -v), min([], default="empty"))
