# async def, await, async for, async with, driven by asyncio.
import asyncio
async def add(a, b):
    await asyncio.sleep(0)
    return a + b
class AIter:
    def __init__(self, n):
        self.i = 0
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i
class ACM:
    async def __aenter__(self):
        print("aenter")
        return "ctx"
    async def __aexit__(self, t, v, tb):
        print("aexit")
async def main():
    print(await add(1, 2))
    async for v in AIter(3):
        print("item", v)
    async with ACM() as c:
        print("inside", c)
    r = await asyncio.gather(add(1, 1), add(2, 2))
    print(r)
asyncio.run(main())
