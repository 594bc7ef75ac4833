# micropython.const(): names folded at compile time.
from micropython import const
A = const(10)
_B = const(20)
C = const(A * 2 + 1)
S = const("a string")
print(A, _B, C, S)
def f():
    return A + _B + C
print(f())
print(A * 100, 1 << A)
