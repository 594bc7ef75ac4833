# `x = const(non-constant)` is still an error.
from micropython import const

N = const(len("abc"))
