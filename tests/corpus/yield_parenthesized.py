# Parenthesised `yield` wherever an expression goes.
def gen(f, a):
    x = (yield 1), (yield)
    y = 1, (yield 2)
    f((yield), *(yield))
    w = {1: (yield), 2: (yield 3)}
    v = -(yield) + (yield from a)
    return (yield)
