# async with and async for, driven manually.
class Step:
    def __await__(self):
        yield "tick"
    __iter__ = __await__
class ACM:
    async def __aenter__(self):
        print("aenter")
        await Step()
        return "resource"
    async def __aexit__(self, t, v, tb):
        print("aexit", t.__name__ if t else None)
        return False
class AIter:
    def __init__(self, n):
        self.i, self.n = 0, n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await Step()
        return self.i
async def main():
    async with ACM() as r:
        print("inside", r)
    total = 0
    async for v in AIter(3):
        print("item", v)
        total += v
    try:
        async with ACM():
            raise ValueError("in async with")
    except ValueError as e:
        print("caught", e)
    return total
co = main()
ticks = 0
try:
    while True:
        co.send(None)
        ticks += 1
except StopIteration as e:
    print("result", e.value, "ticks", ticks)
