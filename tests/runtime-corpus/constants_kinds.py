# Constants of every kind the .mpy constant table holds: str, bytes, float, big int, tuples of them,
# plus small-int extremes encoded inline, and None/True/False/Ellipsis.
a = "a string constant"
b = b"bytes\x00constant"
c = 1.25e-5
d = 123456789012345678901234567890
e = -98765432109876543210
f = (1, "two", 3.0, b"four", (5, None))
g = 0x3FFFFFFF
h = -0x40000000
i = 0x7FFFFFFF
j = 2 ** 62
k = ...
print(a, b, c, d, e, f, g, h, i, j, k, None, True, False)
print(type(c).__name__, type(d).__name__, type(k).__name__ if hasattr(type(k), "__name__") else "ellipsis")
def same_const():
    return "a string constant"
print(same_const() == a, f[4][0] + 1, len(f))
