# Tuple and list targets: swaps, 3-way rotations, nesting, starred.
a, b = 1, 2
a, b = b, a
print(a, b)
a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
[d, e] = "xy"
print(d, e)
(f, (g, h)) = (1, (2, 3))
print(f, g, h)
i, *j = [1, 2, 3, 4]
print(i, j)
*k, m = (1, 2, 3)
print(k, m)
n, *o, p = range(6)
print(n, o, p)
q, *r = [1]
print(q, r)
t = 4, 5, 6
u, v, w = t
print(u, v, w)
x = y, z = 7, 8
print(x, y, z)
for s1, s2 in [(1, 2), (3, 4)]:
    print(s1 + s2)
