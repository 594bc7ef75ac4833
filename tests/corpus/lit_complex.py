# Complex literals (imaginary numbers) and complex arithmetic.
print(2j, 0j, 1.5j, 1e3j)
print(1 + 2j, 3 - 4j, -2j)
a = 2j
print(a * a, a.imag, a.real)
print((1 + 2j) * (3 - 1j))
print(abs(3 + 4j))
