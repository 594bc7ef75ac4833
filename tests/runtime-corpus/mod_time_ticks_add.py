# time.ticks_add/ticks_diff: wrap-around in the 2**30 ticks period and the interval limits.
from time import ticks_add, ticks_diff

MAX = ticks_add(0, -1)
HALF = MAX // 2
print(MAX, HALF, ticks_add(20, 12), ticks_add(20, -12), ticks_add(MAX, 1), ticks_add(0, -HALF))
for t in (0, 10, MAX):
    for d in (-HALF - 1, -HALF, -1, 0, 1, HALF, HALF + 1):
        try:
            print(t, d, ticks_diff(ticks_add(t, d), t) == d, ticks_diff(t, ticks_add(t, d)) == -d)
        except OverflowError as e:
            print(t, d, "OverflowError", e)
print(ticks_diff(5, MAX), ticks_diff(MAX, 5))
