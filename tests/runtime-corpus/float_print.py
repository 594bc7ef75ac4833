# How floats are printed: repr/str of many magnitudes, format specs.
for v in [0.0, -0.0, 1.0, 0.1, 0.2 + 0.1, 1 / 3, 2 / 3, 1e16, 1e17, 1.5e-7, 123456789.125,
          1e100, 1e-100, 5e-324, 1.7976931348623157e308, 3.14159, -2.5, 100.0, 1e15, 12345.678]:
    print(v, repr(v), str(v))
for v in [3.14159, -2.5, 1e20, 0.000123]:
    print("%f|%e|%g|%.3f|%10.2f|%-10.1e|" % (v, v, v, v, v, v))
    print("{:f}|{:e}|{:g}|{:.2%}|{:+.1f}|{:>12.4g}|".format(v, v, v, v, v, v))
print(float("1.5"), float("  -3e2 "), float("inf"), float("-nan"), float(7), float("1_0.5"))
try:
    float("x1")
except ValueError as e:
    print("ValueError", e)
