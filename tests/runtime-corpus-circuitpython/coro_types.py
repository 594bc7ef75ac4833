# What a coroutine is in CircuitPython: its type, its methods, and how it differs from a generator.
async def coro(x):
    return x + 1


def gen():
    yield 1
    yield 2


c = coro(1)
g = gen()
print(type(c).__name__, type(g).__name__)
print(type(c) is type(g))
print(hasattr(c, "__await__"), hasattr(g, "__await__"))
print(c.__await__() is c)
print(hasattr(c, "send"), hasattr(c, "throw"), hasattr(c, "close"))
print(repr(c).startswith("<coroutine object 'coro' at "))
print(repr(g).startswith("<generator object 'gen' at "))
try:
    c.send(5)
except TypeError as e:
    print("TypeError", e)
try:
    c.send(None)
except StopIteration as e:
    print("done", e.value)
try:
    c.send(None)
except StopIteration as e:
    print("again", e.value)
print(list(g))
# A coroutine iterates like the generator it is made of.
async def yielder():
    await Step()
    await Step()
    return "end"


class Step:
    def __await__(self):
        yield "step"


print(list(yielder()))
for v in yielder():
    print("got", v)
