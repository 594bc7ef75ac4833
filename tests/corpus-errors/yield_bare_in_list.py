# A bare `yield` in a list display.
def gen():
    x = [(yield)]
    y = [yield 2]
