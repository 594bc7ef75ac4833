# Equal bytes constants reached through const(), a literal and a tuple share one entry.
from micropython import const
A = const(b'abcdefghijklmn')
x = b'abcdefghijklmn'
y = (A, x)
print(y)
