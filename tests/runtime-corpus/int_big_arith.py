# Big-int arithmetic: factorials, fibonacci, conversions and comparisons.
f = 1
for i in range(1, 60):
    f *= i
print(f)
a, b = 0, 1
for _ in range(300):
    a, b = b, a + b
print(a)
print(f // a, f % a)
print(int("123456789012345678901234567890"), int("-98765432109876543210"))
print(int("ffffffffffffffffffff", 16), int("0b1010", 0), int("0o777", 0), int("z", 36))
print(str(10 ** 50), len(str(7 ** 300)))
print(10 ** 30 < 10 ** 31, 10 ** 30 == 10 ** 30, -10 ** 30 < 5)
print(sum(range(10 ** 6, 10 ** 6 + 1000)) * 10 ** 20)
print(hash(5) == 5, abs(-(10 ** 40)))
