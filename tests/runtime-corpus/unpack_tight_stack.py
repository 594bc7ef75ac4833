# Unpacking where it is the deepest point of the value stack (the frame has no spare slot):
# no statement here needs more than the unpacked values.
A, B, C = 1, 2, 3
D, *E = [4, 5, 6]


def f(t):
    a, b = t
    return a


def g(t):
    a, *b = t
    return b


def show():
    print(A, B, C, D, E, f((7, 2)), g(range(4)))


show()
