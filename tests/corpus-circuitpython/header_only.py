# No async code: only the header's first byte differs from MicroPython's output.
import math

values = [math.sqrt(i) for i in range(5)]
table = {str(i): i * i for i in range(4)}


def describe(x, *, scale=1.5):
    return "{:.2f}".format(x * scale)


print(describe(2), values[2], table)
