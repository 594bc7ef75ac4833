# str.format specs: default alignment by argument kind, zero padding, grouping, prefixes,
# the c/n/%/e/g types, nested fields and the error messages.
for spec in ("4c", "4n", "4o", "#6x", "#6X", "#6b", "06d", "+06d", "-6d", " d", "^7d", "=+7d",
             "_x", "_b", ",d", "010,d", "09_d", "<06d", "x^9,d"):
    print(spec, "[" + ("{:" + spec + "}").format(48) + "]", "[" + ("{:" + spec + "}").format(-123456) + "]")
for spec in ("06s", "<6s", ">6s", "^7s", ".2s", "*^8"):
    print(spec, "[" + ("{:" + spec + "}").format("abc") + "]")
for spec in ("10.3f", "<10.2e", "+g", "012.4f", "%", ".1%", "=+10.1f", "n", "E"):
    print(spec, "[" + ("{:" + spec + "}").format(-1234.5678) + "]", "[" + ("{:" + spec + "}").format(2.5) + "]")
print("{:{}{}}|{:>{w}}".format(7, "<", 4, "r", w=3))
print("{0}{1}{0}".format("a", "b"), "{x!r:>6}".format(x="q"), "{!s:4}|".format(None))
print("{:d} {:x} {:.1f}".format(True, False, True))
print("{:,}".format(2 ** 70), "{:_x}".format(2 ** 70), "{:>30,}".format(-(2 ** 70)))
for bad in ("{:s}", "{:+s}", "{:=5}", "{:z}", "{!x}", "{", "}", "{0}{}", "{}{0}", "{:+c}", "{a.b}"):
    try:
        print(bad.format("s", a=1))
    except (ValueError, IndexError, KeyError, TypeError, NotImplementedError) as e:
        print(bad, type(e).__name__, e)
for bad in ("{:d}", "{:s}"):
    try:
        print(bad.format([1] if bad == "{:s}" else "x"))
    except (ValueError, TypeError) as e:
        print(bad, type(e).__name__, e)

# % formatting
print("%5d|%-5d|%05d|%+d|% d|%.3d|%6.3d|%-6.3x|%#o|%#X|%x" % (1, 2, 3, 4, 5, 6, -7, 8, 9, 255, -255))
print("%c%c|%3c|%-3c|%s|%.2s|%5.1r|%*d|%.*f|%u|%i" % ("a", 98, "c", 100, [1], "xyz", "ab", 4, 5, 2, 3.14159, 7, 8.9))
print("%(a)s-%(b)05.1f" % {"a": "k", "b": 2.25}, "%%|%e|%G" % (12345.678, 1e-10))
print(b"%s|%d|%5s" % (b"raw", 3, b"ab"))
for fmt, args in (("%d", ()), ("%d %d", (1,)), ("%d", (1, 2)), ("%y", (1,)), ("%(a)d", (1,)),
                  ("%", ()), ("%c", ("ab",)), ("%c", (1.5,)), ("%d", ("s",))):
    try:
        print(fmt % args)
    except (ValueError, TypeError, KeyError) as e:
        print(fmt, type(e).__name__, e)


class Num:
    def __int__(self):
        return 42

    def __float__(self):
        return 2.5


class Bad:
    def __float__(self):
        return "no"


print("%d %x %.2f" % (Num(), Num(), Num()), float(Num()))
try:
    float(Bad())
except TypeError as e:
    print("TypeError", e)
