# Values around the small-int / machine-word limits, where the representation changes.
edges = []
for p in (30, 31, 32, 62, 63, 64):
    for d in (-1, 0, 1):
        edges.append(2 ** p + d)
        edges.append(-(2 ** p) + d)
for v in edges:
    print(v, v + 1, v - 1, v * 2, v * -3, v // 3, v % 1000, -v, abs(v), v == v + 0)
a = 2 ** 62 - 1
print(a + a, a * a, a * a // a == a)
print((2 ** 64) // (2 ** 32), (2 ** 64) % (2 ** 32 - 1))
print(hex(2 ** 64 - 1), oct(2 ** 63), bin(2 ** 31))
print(2 ** 63 > 2 ** 62, -(2 ** 63) < -(2 ** 62), 2 ** 64 == 18446744073709551616)
