# A bare `yield` as a call argument.
def gen(f):
    f((yield))
    f(yield 1)
