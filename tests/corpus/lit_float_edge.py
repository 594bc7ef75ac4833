# Float literals whose parsing or repr is delicate (MicroPython's own algorithms, not C's).
print(-970.93, 970.93, 0.3, 2.675, 1.1)
print(1.7976931348623157e308, 2.2250738585072014e-308, 5e-324, 2.5e-320)
print(123456789012345678.0, 1e16, 1e15, 0.000001, 1e-7)
print(3.0 * 1.1, 1e308 * 10, -1e308 * 10)
print(9007199254740993.0, 0.1 + 0.7)
x = 1.5e300
print(x * x, x / 1e-300)
