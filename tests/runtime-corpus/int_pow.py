# ** on ints: small, big results, negative exponents give floats, three-argument pow.
for b in [-3, -2, -1, 0, 1, 2, 3, 10]:
    print(b, [b ** e for e in range(0, 8)])
print(2 ** 100)
print((-2) ** 101)
print(7 ** 77)
print(2 ** -1, 4 ** -2, (-2) ** -3)
print(pow(3, 4), pow(3, 4, 5), pow(-3, 3, 7), pow(12345678901234567890, 3, 1000000007))
print(pow(2, 200, 10 ** 20))
print(0 ** 0, 1 ** 1000)
