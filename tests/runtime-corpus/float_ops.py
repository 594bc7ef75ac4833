# Float arithmetic, mixed with ints, and the special values.
vals = [0.5, -1.25, 3.0, 1e10, -2.5e-3, 7]
for a in vals:
    print([a + b for b in vals])
    print([a * b for b in vals])
    print([a / b for b in vals])
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2, divmod(-7.5, 2))
print(2.0 ** 0.5, 2 ** 0.5, (-8.0) ** 3, 10.0 ** -2, 0.0 ** 0)
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, inf - inf, inf * 0, nan == nan, inf > 1e308)
try:
    1.0 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    1.0 // 0.0
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
