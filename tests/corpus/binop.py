# Binary operators on ints, floats, strings, lists.
a, b = 17, 5
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b)
print(a << b, a >> 2, a & b, a | b, a ^ b)
print(-a // b, -a % b, a // -b)
x, y = 7.5, 2.0
print(x + y, x - y, x * y, x / y, x // y, x % y, x ** y)
print("ab" + "cd", "ab" * 3, 3 * "x", [1] * 3, [1] + [2])
print("%d-%s" % (5, "x"), "%.2f" % 3.14159)
print(2 ** -1, 2 ** 0.5, (-8) ** 2)
print(1 + 2 * 3 - 4 / 2, (1 + 2) * 3, 2 ** 3 ** 2)
print(7 + 3 * 2 << 1 & 0xFF | 1 ^ 2)
