# Big ints in a 64 KiB heap (the runtime corpus's small-heap mode): text conversions of
# numbers of thousands of digits, whose buffers need long runs of free blocks.
n = 7 ** 6000
s = str(n)
print(len(s), s[:20], s[-20:])
print(int(s) == n, len(hex(n)), hex(n)[-12:])
del s
# Digit sums of big powers, one number alive at a time.
for k in (2000, 4000, 6000):
    t = str(3 ** k)
    print(k, len(t), sum(ord(c) - 48 for c in t[:500]))
m = 2 ** 12000 - 1
print(str(m)[:15], m % 1000003, len(str(m)))
