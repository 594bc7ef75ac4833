# await in CircuitPython: x.__await__() is called and yielded from directly (no GET_ITER).
import asyncio


async def fetch(n):
    await asyncio.sleep(0)
    return n * 2


async def chain(a, b=3, *rest, key=None, **extra):
    x = await fetch(a)
    y = (await fetch(b)) + x
    z = [fetch(i) for i in rest] if rest else []
    return x, y, z, key, extra


async def main():
    print(await chain(1, 2, 3, 4, key="k", more=1))
    print(await fetch(await fetch(1)))
    print(await asyncio.gather(fetch(5), fetch(6)))


asyncio.run(main())
