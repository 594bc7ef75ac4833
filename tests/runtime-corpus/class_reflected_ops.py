# Reflected and in-place operators, and NotImplemented falling through to the other operand.
class Money:
    def __init__(self, c):
        self.c = c
    def __repr__(self):
        return "Money(%d)" % self.c
    def __add__(self, o):
        if isinstance(o, Money):
            return Money(self.c + o.c)
        if isinstance(o, int):
            return Money(self.c + o)
        return NotImplemented
    def __radd__(self, o):
        print("radd with", o)
        return self + o
    def __sub__(self, o):
        return Money(self.c - (o.c if isinstance(o, Money) else o))
    def __rsub__(self, o):
        return Money(o - self.c)
    def __mul__(self, k):
        return Money(self.c * k)
    __rmul__ = __mul__
    def __isub__(self, o):
        self.c -= o
        return self
    def __floordiv__(self, k):
        return Money(self.c // k)
    def __mod__(self, k):
        return Money(self.c % k)
    def __lshift__(self, k):
        return Money(self.c << k)
    def __and__(self, k):
        return Money(self.c & k)
    def __or__(self, k):
        return Money(self.c | k)
    def __xor__(self, k):
        return Money(self.c ^ k)
    def __pow__(self, k):
        return Money(self.c ** k)
    def __truediv__(self, k):
        return self.c / k
    def __pos__(self):
        return Money(abs(self.c))
    def __invert__(self):
        return Money(~self.c)
m = Money(10)
print(m + 5, 5 + m, m + Money(1), 100 - m, m - 3, 3 * m, m * 3, sum([Money(1), Money(2)], Money(0)))
m -= 4
print(m, m // 4, m % 4, m << 2, m & 3, m | 1, m ^ 5, m ** 2, m / 4, +Money(-3), ~m)
try:
    m + "x"
except TypeError as e:
    print("TypeError", e)
