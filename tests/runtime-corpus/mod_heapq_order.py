# heapq: the exact list layout after each operation, comparisons through __lt__ only,
# argument errors.
import heapq


class K:
    log = []

    def __init__(self, v):
        self.v = v

    def __lt__(self, o):
        K.log.append((self.v, o.v))
        return self.v < o.v

    def __repr__(self):
        return "K(%d)" % self.v


h = []
for v in [5, 1, 8, 3, 9, 2, 7, 7, 0]:
    heapq.heappush(h, v)
    print(h)
while h:
    print(heapq.heappop(h), h)
data = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]
heapq.heapify(data)
print(data)
ks = [K(v) for v in [4, 2, 6, 1]]
heapq.heapify(ks)
print(ks, K.log)
K.log.clear()
print(heapq.heappop(ks), ks, K.log)
for f, args in ((heapq.heappush, ((), 1)), (heapq.heappop, ([],)), (heapq.heapify, ("ab",))):
    try:
        f(*args)
    except Exception as e:
        print(type(e).__name__, e)
try:
    heapq.heappush([1], "a")
except TypeError as e:
    print("TypeError", e)
