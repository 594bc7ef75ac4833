# Coroutines: await chains, return values, exceptions through await, send/throw/close.
async def leaf(x):
    return x * 2


async def middle(n):
    total = 0
    for i in range(n):
        total += await leaf(i)
    return total


async def failing():
    raise ValueError("boom")


async def catcher():
    try:
        await failing()
    except ValueError as e:
        return "caught " + str(e)


class Ticker:
    def __init__(self, n):
        self.n = n

    def __await__(self):
        for i in range(self.n):
            yield i
        return "ticked"


async def uses_ticker():
    r = await Ticker(3)
    return r


def run(coro):
    yielded = []
    try:
        while True:
            yielded.append(coro.send(None))
    except StopIteration as e:
        return yielded, e.value


print(run(middle(5)))
print(run(catcher()))
print(run(uses_ticker()))
c = middle(3)
print(type(c) == type(leaf(1)))
c.close()
c2 = uses_ticker()
print(c2.send(None))
try:
    c2.throw(KeyError("k"))
except KeyError as e:
    print("thrown", repr(e))
