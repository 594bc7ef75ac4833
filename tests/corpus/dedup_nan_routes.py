# NaN constants reached through const(), folding, negation and tuple concatenation.
from micropython import const
N = const(1e400 - 1e400)
x = N
y = N
z = (N, N)
print(x, y, z)
x = 1e400 - 1e400
y = -(1e400 - 1e400)
z = (x, 2)
print(z)
a = (1e400-1e400, 1e400-1e400)
print(a)
x = (1e400*0, 2) + (1e400*0,)
print(x)
