# Conversions between int, float and str, and overflow of float to int.
print(int(1e15), int(-2.5e10), int(2 ** 53 + 0.0), float(2 ** 70), float(-(10 ** 20)))
print(int(1e30) > 10 ** 29, float(10 ** 308) > 1e307, str(1e22), str(123.0), int("  -0012 "))
try:
    int(float("inf"))
except OverflowError as e:
    print("OverflowError", e)
try:
    int(float("nan"))
except ValueError as e:
    print("ValueError", e)
try:
    float(10 ** 400)
except OverflowError as e:
    print("OverflowError", e)
print(7 / 2, 8 / 2, -7 / 2, 2 ** 70 / 2 ** 69, 1 / 3 * 3 == 1.0, 10 ** 20 / 10 ** 10)
