# range holds machine-word ints (MicroPython's mp_int_t): values past the small ints, near
# sys.maxsize, in start/stop/step, indexing, slicing, len, iteration, containment and repr.
import sys

m = sys.maxsize
r = range(m - 3, m)
print(r, len(r), r.start, r.stop, r.step, list(r), r[0], r[-1], m - 2 in r, m in r)
r = range(-m, -m + 6, 2)
print(r, len(r), list(r), r[1], r[1:], -m + 2 in r, -m + 1 in r)
r = range(m, 0, -1)
print(len(r) == m, r[0] == m, r[1] == m - 1, r[-1], bool(r))
it = iter(r)
print(next(it), next(it))
r = range(0, m - 1)
print(len(r) == m - 1, r[m - 2] == m - 2, r[-1] == m - 2, r[::m // 2])
print(range(2 ** 40, 2 ** 62, 2 ** 60))
for big in (2 ** 62, -(2 ** 62), 2 ** 70):
    try:
        print([1, 2][big])
    except (IndexError, OverflowError) as e:
        print(type(e).__name__, e)
try:
    range(0, m + 1)
except OverflowError as e:
    print("OverflowError", e)
print(list(range(3)), list(range(10, 0, -3)), range(5)[1:4], len(range(0)))
