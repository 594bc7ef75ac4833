# Huge ints: folded powers and long literals.
print(2**200)
print(10**50)
print(-(10**50))
print(1 << 100)
print(123456789012345678901234567890123456789012345678901234567890)
print(0x123456789abcdef0123456789abcdef0123456789abcdef)
print(2**200 // 10**50, 2**200 % 10**50)
big = 10**50
print(big * big + 1)
