# With an annotation the call is not a const definition in CircuitPython, so this compiles
# there, but the next line is an error in both.
from micropython import const

N: int = const(len("abc"))
M = const(N)
