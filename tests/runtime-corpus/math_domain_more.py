# math's domain rules (a NaN or infinity from finite arguments is a ValueError), the
# special functions, factorial, isclose, float floor-division/modulo corner cases, float
# power of zero, and NaN/inf conversions to int.
import math

nan, inf = float("nan"), float("inf")
for name in ("sqrt", "exp", "log2", "sin", "cos", "tan", "asin", "acos", "atan", "erf", "erfc",
             "gamma", "lgamma", "acosh", "asinh", "atanh", "cosh"):
    f = getattr(math, name)
    out = []
    for x in (-2.0, -1.0, 0.0, 0.5, 1.0, inf, -inf, nan):
        try:
            out.append("%.6g" % f(x))
        except ValueError:
            out.append("VE")
    print(name, " ".join(out))
for name in ("pow", "atan2", "copysign", "fmod"):
    f = getattr(math, name)
    out = []
    for x, y in ((0.0, -1.0), (-8.0, 1 / 3), (2.0, 0.5), (1.0, 0.0), (inf, 1.0), (nan, 0.0), (inf, nan)):
        try:
            out.append("%.6g" % f(x, y))
        except ValueError:
            out.append("VE")
    print(name, " ".join(out))
print(math.log(inf, inf), math.log(8, 2), math.modf(-3.0), math.modf(2.5), math.modf(-0.0))
for f in (math.floor, math.ceil, math.trunc, round):
    for x in (nan, inf, -inf, 1e30):
        try:
            print(f(x))
        except (ValueError, OverflowError) as e:
            print(type(e).__name__, e)
print(math.factorial(0), math.factorial(5), math.factorial(30), math.factorial(101) % 1000003)
try:
    math.factorial(-1)
except ValueError as e:
    print("ValueError", e)
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(0.0, 1e-12, abs_tol=1e-9),
      math.isclose(1.0, 1.05, rel_tol=0.1), math.isclose(inf, inf), math.isclose(inf, 1.0))
for x, y in ((7.5, 2.0), (-7.5, 2.0), (7.5, -2.0), (-7.5, -2.0), (0.0, -3.0), (-0.0, 3.0),
             (1.23456, 0.7), (-1.0, 1e-30), (5.0, inf), (-5.0, inf)):
    print(x // y, x % y, divmod(x, y))
print(0.0 ** 0.0, 0.0 ** inf, 0.0 ** -inf, 0.0 ** nan, 2 ** -2)
for f in (lambda: 0.0 ** -1, lambda: 0 ** -1, lambda: 0.0 ** -2.5):
    try:
        print(f())
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
