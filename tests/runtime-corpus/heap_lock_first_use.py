# Built-in functions, methods and module attributes used for the first time while the heap is
# locked: MicroPython has them in ROM, so looking them up allocates nothing; mpyc-run makes
# their objects on first use, which must not raise MemoryError under the lock either.
import micropython
import math

l = [1, 2, 3, 4]
l.pop()
d = {1: 2}
s = {3}
res = []


def check(name, f):
    micropython.heap_lock()
    try:
        v = f()
    except MemoryError:
        v = "MemoryError"
    micropython.heap_unlock()
    res.append((name, v))


check("append", lambda: l.append(5))
check("reverse", lambda: l.reverse())
check("len abs max min", lambda: len(l) + abs(-2) + max(4, 5) + min(3, 4))
check("dict.get", lambda: d.get(1))
check("set.discard", lambda: s.discard(3))
check("str methods", lambda: "x".isdigit() or "ab".startswith("a"))
check("callable isinstance", lambda: callable(len) and isinstance(l, list))
check("math", lambda: math.floor is not None and math.sqrt is not None)
check("int method", lambda: (7).to_bytes is not None)
for r in res:
    print(r)
print(l, s)
