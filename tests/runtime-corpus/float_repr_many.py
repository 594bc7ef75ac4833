# Many floats from a deterministic sequence, printed with repr, str and several formats: the
# float printer must agree digit for digit.
x = 0.1
out = []
for i in range(120):
    x = x * 1.7 + 0.013 if x < 1e12 else x / 3.1e9
    y = (i - 60) / 7.3
    out.append("%r %s %.3e %g %.10f %d" % (x, y, x * y, 1 / (i + 0.5), y, int(x) % 1000))
for line in out:
    print(line)
for e in range(-30, 31, 3):
    v = 1.2345678901234567 * 10.0 ** e
    print(e, v, "%.5g" % v, "{:.8e}".format(v), float(repr(v)) == v)
