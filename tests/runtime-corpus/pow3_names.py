# Three-argument pow with MicroPython's edge cases (zero base, zero exponent, moduli of +-1
# and negative moduli), pow(x, y, None), and the __name__ of bound methods and generators.
for b, e, m in ((3, 4, 7), (1, 1, 1), (0, 1, 1), (1, 0, 1), (1, 0, 2), (0, 0, 5), (0, 1, 5),
                (1, 0, -1), (1, 0, -2), (3, 0, -5), (-3, 0, -5), (3, 4, -5), (-7, 3, 10),
                (2, 100, 1000007), (5, -1, 7), (2 ** 70, 3, 10 ** 20 + 7), (3, 2 ** 65, -97)):
    print(b, e, m, pow(b, e, m))
print(pow(2, 10, None), pow(-2, 3, None))
for args in ((2, 3, 0), ("x", 5, 6), (4, 5.0, 6)):
    try:
        print(pow(*args))
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)


class A:
    def meth(self):
        pass


def gen():
    yield 1


print(A().meth.__name__, gen.__name__, A.meth.__name__)
