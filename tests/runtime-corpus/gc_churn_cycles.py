# Allocation churn with reference cycles: under a 64 KiB heap (the small-heap pass) this only
# finishes if the collector frees unreachable cycles; live data must survive every collection.
import gc
class Node:
    def __init__(self, v):
        self.v = v
        self.peer = None
keep = []
total = 0
for i in range(800):
    a = Node(i)
    b = Node(-i)
    a.peer = b
    b.peer = a
    total += a.peer.v + b.peer.v + 1
    if i % 100 == 0:
        keep.append(a)
    if i % 250 == 0:
        gc.collect()
print(total, len(keep), [k.v for k in keep][-3:], keep[3].peer.peer is keep[3])
strings = []
for i in range(500):
    s = "item-%d" % i
    if i % 60 == 0:
        strings.append(s)
print(strings[-2:], sum(len(s) for s in strings))
