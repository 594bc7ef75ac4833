# An assignment expression as a set item needs parentheses in MicroPython.
def f(y):
    x = {1, (a := 2)}
    x = {a := 1}
