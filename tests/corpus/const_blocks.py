# Hidden (underscore) constants as the first statement of a block: the block still records its
# first line in the line table.
from micropython import const

_A = const(1)
if _A:
    _B = const(2)
    print("in block", _B)

for i in range(2):
    _C = const(3)
    print(i + _C)


def h():
    _D = const(4)
    return _D


print(h())
