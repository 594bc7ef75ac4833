# The smallest program: CircuitPython runs it; given as MicroPython's .mpy it is refused.
print("hello", 1 + 1)
