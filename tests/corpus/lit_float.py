# Float literals and folded float arithmetic.
print(0.1, 0.2, 0.1 + 0.2)
print(1.5, 2.0, 3.14159, 2.5e-5, 1e-300)
print(1e100, 1e22, 1e23, 123456789.0)
print(-0.0, 0.0, -0.0 == 0.0)
print(1e400, -1e400, 1e400 - 1e400 != 1e400 - 1e400)
print(1.0 / 3, 2.0**0.5, 10 / 4, 7 // 2.0, 7 % 2.5)
print(float("1.25"), 1., .5, 5e0)
x = 0.1
print(x * 3, x == 0.1)
