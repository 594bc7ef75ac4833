# lambda expressions: defaults, *args, closures, as arguments.
sq = lambda x: x * x
print(sq(7))
add = lambda a, b=10: a + b
print(add(1), add(1, 2))
va = lambda *a, **k: (a, sorted(k))
print(va(1, 2, z=3))
print(sorted([3, -1, 2], key=lambda v: -v))
print(list(map(lambda s: s + "!", ["a", "b"])))
print((lambda: "no args")())
make = lambda n: lambda x: x + n
print(make(3)(4))
print(list(filter(lambda x: x % 2, range(6))))
