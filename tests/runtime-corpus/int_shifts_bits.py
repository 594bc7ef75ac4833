# Shifts and bitwise operators, crossing into big ints and with negative operands.
for a in [0, 1, -1, 5, -5, 0x7F, -0x80, 12345]:
    print(a, [a << n for n in (0, 1, 7, 29, 30, 31, 32, 62, 63, 64, 65)])
    print(a, [a >> n for n in (0, 1, 3, 31, 64, 100)])
x = 0x123456789ABCDEF0123
y = -0xFEDCBA9876543210
print(x & y, x | y, x ^ y, ~x, ~y)
print(x & 0xFFFF, -x & 0xFFFF, (-1) & x)
print(6 & 3, 6 | 3, 6 ^ 3, -6 & 3, -6 | 3, -6 ^ 3)
try:
    1 << -1
except ValueError as e:
    print("ValueError", e)
try:
    1 >> -1
except ValueError as e:
    print("ValueError", e)
