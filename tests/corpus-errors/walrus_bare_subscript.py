# An assignment expression as a subscript needs parentheses in MicroPython.
def f(y):
    x = y[(a := 1)]
    x = y[1, a := 2]
