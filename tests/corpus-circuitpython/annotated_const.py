# CircuitPython's parser (MicroPython 1.27's) folds `x = const(v)` but not `x: T = const(v)`,
# which stays a call of `const` stored under the name.
from micropython import const

_PLAIN = const(4)
PUBLIC = const(5)
_TYPED: int = const(6)
TYPED_PUBLIC: int = const(7 * 2)
plain_annotated: int = 8
only_annotation: int


def use():
    return _PLAIN + PUBLIC + _TYPED + TYPED_PUBLIC + plain_annotated


class C:
    _inside: int = const(9)
    value: int = _inside + _PLAIN
