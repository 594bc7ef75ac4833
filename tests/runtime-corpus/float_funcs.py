# Rounding and float helpers among the builtins.
for v in [2.5, 3.5, -2.5, 1.45, 0.5, -0.5, 123.456, 1e20]:
    print(round(v), round(v, 1), round(v, -1), int(v), abs(v))
print(round(1234, -2), round(1250, -2), round(-1350, -2), round(7))
print(float.__name__, (1.5).is_integer() if hasattr(1.5, "is_integer") else "n/a")
print(divmod(7.0, 2), pow(2.0, 3), pow(2, -2), sum([0.1] * 10))
print(min(1.5, 2), max(-1, -1.5), 1.0 == 1, hash(1.0) == hash(1))
