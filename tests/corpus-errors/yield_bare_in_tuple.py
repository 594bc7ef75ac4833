# A bare `yield` as a tuple item: MicroPython's grammar has no such tuple.
def gen():
    x = (yield 1), 2
    y = 1, yield 2
