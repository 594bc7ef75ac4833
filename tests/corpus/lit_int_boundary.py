# Ints at the small-int boundary: with 31-bit small ints the range is [-2**30, 2**30 - 1];
# one past it becomes a long-int constant object.
a = 1073741823
b = 1073741824
c = -1073741824
d = -1073741825
print(a, b, c, d)
print(a + 1 == b, c - 1 == d)
print(0x3FFFFFFF, 0x40000000, -0x40000000, -0x40000001)
print(2**30 - 1, 2**30, -2**30, -2**30 - 1)
print(1 << 29, 1 << 30, 1 << 31, -(1 << 30))
print(type(a).__name__, type(b).__name__)
