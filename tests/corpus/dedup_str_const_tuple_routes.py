# A str constant through const(), inside a const() tuple and a literal tuple.
from micropython import const
S = const('abcdefghijklmnop')
T = const((S, 1))
x = (S, 1)
y = T
print(x, y)
