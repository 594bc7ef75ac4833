# Deeply nested structures that the collector must mark without overflowing (MicroPython's
# runtime: big-heap
# gc.c uses a fixed mark stack and rescans when it overflows), across collections.
import gc
head = None
for i in range(800):
    head = [i, head]
nest = ()
for i in range(400):
    nest = (nest, i)
d = {}
cur = d
for i in range(200):
    cur["next"] = {}
    cur = cur["next"]
cur["end"] = True
gc.collect()
garbage = [bytearray(50) for _ in range(200)]
garbage = None
gc.collect()
n, node = 0, head
while node is not None:
    n += node[0]
    node = node[1]
depth, t = 0, nest
while t:
    depth += 1
    t = t[0]
cur, k = d, 0
while "next" in cur:
    cur = cur["next"]
    k += 1
print(n, depth, k, cur["end"])
