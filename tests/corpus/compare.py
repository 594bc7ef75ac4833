# Comparison operators, membership and identity.
a, b = 3, 5
print(a < b, a > b, a == b, a != b, a <= b, a >= b)
print(a in [1, 2, 3], a not in [1, 2, 3], "x" in "xyz", "q" not in "xyz")
n = None
print(n is None, n is not None, a is not n)
print("abc" < "abd", [1, 2] < [1, 3], (1, 2) == (1, 2))
print(1 == 1.0, 2 != 2.0, 1.5 >= 1)
print(not a == b, not (a in [3]))
