# Big-int <-> string conversions in several bases, and very long numbers.
n = 3 ** 2000
s = str(n)
print(len(s), s[:30], s[-30:], int(s) == n)
print(hex(n)[:40], oct(n)[-20:], bin(n)[:40], len(bin(n)))
print(int(hex(n), 16) == n, int(oct(n), 8) == n, int(bin(n), 2) == n, int("-" + s[:60]))
m = -(7 ** 500)
print(str(m)[:25], "%d" % m == str(m), "{:x}".format(m)[:25], repr(m)[-10:])
print(int("1" * 200) % 97, int("9" * 100) + 1 == 10 ** 100, len(str(2 ** 10000)))
print("{:,}".format(2 ** 100), "{:>50}".format(2 ** 100), "%030d" % (2 ** 70))
