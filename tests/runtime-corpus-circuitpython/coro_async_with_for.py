# async with / async for on user classes, driven by hand (no asyncio).
class Ctx:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        print("enter", self.name)
        return self

    async def __aexit__(self, t, v, tb):
        print("exit", self.name, t is not None)
        return t is KeyError


class Countdown:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n


async def main():
    out = []
    async with Ctx("a") as c:
        out.append(c.name)
    async with Ctx("b"):
        raise KeyError("swallowed")
    async for i in Countdown(4):
        out.append(i)
    try:
        async with Ctx("c"):
            raise ValueError("kept")
    except ValueError as e:
        out.append(str(e))
    return out


def drive(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as e:
        return e.value


print(drive(main()))
