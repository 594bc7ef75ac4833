# heapq: heappush/heappop/heapify give sorted order.
import heapq
h = []
for v in [5, 1, 8, 3, 9, 2]:
    heapq.heappush(h, v)
print([heapq.heappop(h) for _ in range(len(h))])
data = [7, 2, 9, 4, 1]
heapq.heapify(data)
print(data[0], heapq.heappop(data), heapq.heappop(data), len(data))
tasks = []
for pri, name in [(3, "c"), (1, "a"), (2, "b")]:
    heapq.heappush(tasks, (pri, name))
print([heapq.heappop(tasks)[1] for _ in range(3)])
