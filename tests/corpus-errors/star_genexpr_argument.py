# A starred generator element as the only argument: no rule of MicroPython's parser.
def f(y):
    g(*(a for a in y))
    g(*a for a in y)
