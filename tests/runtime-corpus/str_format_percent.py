# printf-style % formatting.
print("%d %i %s %r %x %X %o %c %%" % (42, -7, "s", "r", 255, 255, 8, 65))
print("%5d|%-5d|%05d|%+d|% d" % (42, 42, 42, 42, 42))
print("%.2s|%5s|%-5s|" % ("abcdef", "ab", "ab"))
print("%(a)s and %(b)d" % {"a": "x", "b": 3})
print("%s" % (1, ), "%s" % [1, 2], "%s %s" % ("a", None))
print("%x %o" % (2 ** 70, -2 ** 40), "%d" % 3.99)
print("%c" % "z", "%*d" % (6, 3))
for fmt, args in [("%d", ("x", )), ("%s %s", (1, )), ("%s", (1, 2)), ("%y", (1, ))]:
    try:
        print(fmt % args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
