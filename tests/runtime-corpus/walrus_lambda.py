# Assignment expressions and lambdas (defaults, closures, immediately called).
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long", n)
print([y for x in data if (y := x * 2) > 6], y)
i = 0
while (i := i + 1) < 4:
    print("i", i)
sq = lambda x: x * x
add = lambda a, b=10: a + b
print(sq(7), add(1), add(1, 2), (lambda *a, **k: (a, sorted(k)))(1, z=2), (lambda: "now")())
print(sorted(data, key=lambda v: -v), list(filter(lambda v: v % 2, data)), list(map(lambda a, b: a * b, data, data)))
adders = [lambda x, k=k: x + k for k in range(3)]
print([f(10) for f in adders])
