# mpyc demo: compiled to demo.mpy by mpyc, then run by MicroPython's unix port.
from micropython import const

_LEDS = const(4)
GREETING = const("hello from mpyc")


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


class Counter:
    def __init__(self, start=0):
        self.value = start

    def bump(self, by=1):
        self.value += by
        return self


print(GREETING)
print([fib(i) for i in range(10)])
c = Counter()
for i in range(_LEDS):
    c.bump(i)
print("counter:", c.value, f"{2 ** 70} {1.5e-3!r}")
assert c.value == 6, "asserts are dropped at -O1"
