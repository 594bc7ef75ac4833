# The math module: constants, functions, and their domain errors.
import math
print(math.pi, math.e)
print(math.sqrt(2), math.sqrt(16), math.exp(1), math.log(100), math.log(8, 2), math.log10(1000))
print(math.sin(0.5), math.cos(0.5), math.tan(0.5), math.atan2(1, -1), math.asin(0.5), math.acos(0.5), math.atan(1))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.7), math.floor(7), math.ceil(2.0001))
print(math.fabs(-3), math.fmod(7, -3), math.copysign(2, -0.0), math.modf(3.25), math.frexp(12.0), math.ldexp(0.75, 4))
print(math.isnan(float("nan")), math.isinf(float("-inf")), math.isfinite(1.0), math.degrees(math.pi), math.radians(180))
print(math.pow(2, 10), math.hypot(3, 4) if hasattr(math, "hypot") else 5.0)
for f, x in [(math.sqrt, -1), (math.log, 0), (math.log, -1), (math.acos, 2)]:
    try:
        f(x)
    except ValueError as e:
        print("ValueError", e)
