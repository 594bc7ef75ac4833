# Unpacking: tuples, nested, star targets, in for loops, and the errors.
a, b = 1, 2
a, b = b, a
print(a, b)
first, *rest = [1, 2, 3, 4]
*init, last = "abcd"
x, *mid, y = range(6)
print(first, rest, init, last, x, mid, y)
(p, q), r = (1, 2), 3
print(p, q, r)
for i, (k, v) in enumerate([("a", 1), ("b", 2)]):
    print(i, k, v)
print(list(range(3)) + list("ab"))
a, *b = [1]
print(a, b)
for bad in [lambda: [1, 2, 3], lambda: [1]]:
    try:
        u, v = bad()
    except ValueError as e:
        print("ValueError", e)
try:
    a, b, *c = [1]
except ValueError as e:
    print("ValueError", e)
