# asyncio.gather's rules (MicroPython's): a task being gathered cannot also be awaited, a task
# already awaited cannot be gathered; after a gather ends early on an exception, its still
# running tasks can be awaited; cancelling a gather cancels its tasks.
import asyncio


def quiet(loop, context):
    print("unretrieved:", repr(context["exception"]))


async def work(name, dt, fail=False):
    try:
        await asyncio.sleep_ms(dt)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise
    if fail:
        raise ValueError(name)
    return name


async def gatherer(*ts):
    r = await asyncio.gather(*ts)
    print("gathered", r)


async def main():
    asyncio.get_event_loop().set_exception_handler(quiet)
    a = asyncio.create_task(work("a", 10))
    b = asyncio.create_task(work("b", 20))
    g = asyncio.create_task(gatherer(a, b))
    await asyncio.sleep(0)
    try:
        await a
    except RuntimeError as e:
        print("await gathered task:", repr(e))
    await g

    a = asyncio.create_task(work("a", 10))
    w = asyncio.create_task(gatherer(a))
    await a
    await asyncio.sleep_ms(5)
    print("gatherer done", w.done())

    slow = asyncio.create_task(work("slow", 30))
    try:
        await asyncio.gather(slow, work("bad", 5, True))
    except ValueError as e:
        print("gather failed early:", e, slow.done())
    print("slow awaited after:", await slow)

    x = asyncio.create_task(work("x", 100))
    y = asyncio.create_task(work("y", 100))
    g = asyncio.create_task(asyncio.gather(x, y))
    await asyncio.sleep_ms(5)
    g.cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled", x.done(), y.done())


asyncio.run(main())
