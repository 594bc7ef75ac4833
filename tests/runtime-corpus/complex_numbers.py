# complex: literals, constructor forms, text, arithmetic with ints/floats (both sides),
# errors, attributes, hashing and cmath.
import cmath

print(1j, -1j, 2.5j + 1, (1 + 2j) * (3 - 4j), (1 + 2j) / (3 - 4j), (1 + 2j) ** 2, 2 ** 1j)
print(complex(), complex(2), complex(1.5, -2), complex("3j"), complex(" -1.5+2e1j "), complex(1j, 1j))
print(-0j, 0j, complex(-0.0, -1), 1e300j * 1e10, -(1 + 1j), +(2j), abs(3 + 4j), abs(-2j))
print((1 + 2j).real, (1 + 2j).imag, (1 + 2j) == complex(1, 2), 1j == 1, 2 + 0j == 2, 1j != 1j)
print(3 - 1j, 3 * 1j, 1 / 2j, 1.5 + 1j, (1 << 70) * 1j, True + 1j, bool(0j), bool(1j))
print(hash(1j) == hash(complex(0, 1)), hash(2 + 0j) == hash(2), (-8) ** (1 / 3), (-4.0) ** 0.5)
for f in (lambda: 1j // 2, lambda: 1j / 0, lambda: 0j ** -1, lambda: 1j < 2j, lambda: float(1j),
          lambda: int(1j), lambda: complex("1+"), lambda: complex([1]), lambda: 1j % 2):
    try:
        print(f())
    except (TypeError, ZeroDivisionError, ValueError) as e:
        print(type(e).__name__, e)


class C:
    def __complex__(self):
        return 3 + 4j


class F:
    def __float__(self):
        return 0.5


print(complex(C()), complex(F()), 1j + C(), cmath.phase(C()))
print(cmath.sqrt(-4), cmath.exp(1j), cmath.log(1j), cmath.log10(100), cmath.polar(1 + 1j))
print(cmath.rect(2, 0), abs(cmath.cos(1j) - 1.5430806348152437) < 1e-12, cmath.sin(1 + 1j), cmath.e, cmath.pi)
