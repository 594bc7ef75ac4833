# collections.deque: maxlen required, ring semantics, overflow flag, indexing, iteration.
from collections import deque

d = deque((), 3)
print(type(d), d, len(d), bool(d))
for args in ((), ((),), ((), -1), ((), "x")):
    try:
        deque(*args)
    except Exception as e:
        print(type(e).__name__, e)
d = deque([1, 2, 3, 4, 5], 3)
print(list(d), len(d), bool(d), d[0], d[-1], d[1])
d[0] = 9
d[-1] = 10
print(list(d))
for i in (5, -4, "a"):
    try:
        d[i]
    except Exception as e:
        print(type(e).__name__, e)
try:
    del d[0]
except Exception as e:
    print(type(e).__name__, e)
d2 = deque((), 2, 1)
d2.append(1)
d2.append(2)
for f in (d2.append, d2.appendleft):
    try:
        f(3)
    except IndexError as e:
        print("IndexError", e)
print(list(d2), [x for x in d2])
d3 = deque((), 0)
d3.append(1)
d3.appendleft(2)
print(len(d3), list(d3))
d4 = deque(range(10), 4)
d4.appendleft(-1)
print(list(d4), d4.popleft(), d4.pop(), list(d4))
d4.extend("abcdef")
print(list(d4))
d5 = deque((), 5)
for i in range(20):
    if i % 3 == 0:
        d5.appendleft(i)
    else:
        d5.append(i)
    if i % 7 == 6:
        print(d5.pop(), d5.popleft(), end=" ")
print(list(d5), len(d5))
while d5:
    print(d5.pop(), end=" ")
print()
for m in (d5.pop, d5.popleft):
    try:
        m()
    except IndexError as e:
        print("IndexError", e)
it = iter(deque([1, 2], 4))
print(next(it), next(it), next(it, "end"))
try:
    d5.clear()
except AttributeError as e:
    print("AttributeError", e)
