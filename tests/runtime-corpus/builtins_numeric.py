# Numeric builtins.
print(abs(-5), abs(5.5), abs(-(2 ** 70)), divmod(17, 5), divmod(-17, 5), pow(2, 10), pow(2, 10, 1000))
print(bin(10), bin(-10), oct(64), hex(255), hex(-255), bin(0), hex(2 ** 64))
print(max([1, 5, 3]), max(1, 5, 3), max("abc"), max([2, 7], key=lambda v: -v), max([], default="empty"))
print(min([4, 2, 8]), min(4, 2, 8), min("xya"), min([[1, 2], [0, 9]]), min([], default=None))
print(sum([1, 2, 3]), sum([1, 2], 10), sum([0.5, 0.25]), sum(range(101)))
print(round(2.675, 2), round(-1.5), round(0.5), round(1.5), round(2 ** 40 + 0.5))
print(int("12"), float("1.5"), complex(1, 2) if "complex" in dir() else "no complex", bool(0), bool([]), bool("x"))
print(chr(65), chr(0x263A), ord("A"), ord("\u263a"), ord(b"a"))
