# asyncio: tasks interleaving through sleep_ms, create_task order, results of awaited tasks,
# gather (order of results, return_exceptions, first exception), sleep(0) round-robin.
import asyncio


async def ticker(name, n, dt, log):
    for i in range(n):
        log.append((name, i))
        await asyncio.sleep_ms(dt)
    return name * n


async def spinner(name, n, log):
    for i in range(n):
        log.append(name + str(i))
        await asyncio.sleep(0)


async def fails(dt, exc):
    await asyncio.sleep_ms(dt)
    raise exc


async def value(dt, v):
    await asyncio.sleep_ms(dt)
    return v


async def main():
    log = []
    a = asyncio.create_task(ticker("a", 3, 30, log))
    b = asyncio.create_task(ticker("b", 2, 45, log))
    print("created", a.done(), b.done())
    print("await a ->", await a)
    print("await b ->", await b)
    print("done", a.done(), b.done())
    print(log)
    print("await done task again ->", await a)

    log = []
    r = await asyncio.gather(spinner("x", 3, log), spinner("y", 2, log), spinner("z", 1, log))
    print("gather spinners", r, log)

    r = await asyncio.gather(value(40, "slow"), value(0, "fast"), value(20, "mid"))
    print("gather values", r)
    print("gather empty", await asyncio.gather())

    r = await asyncio.gather(value(10, 1), fails(0, ValueError("bad")), return_exceptions=True)
    print("return_exceptions", r[0], type(r[1]).__name__, r[1])
    try:
        await asyncio.gather(value(30, 1), fails(10, KeyError("k")))
    except KeyError as e:
        print("gather raised KeyError", e)

    t = asyncio.create_task(fails(0, OSError(5)))
    try:
        await t
    except OSError as e:
        print("task raised", e, t.done())
    try:
        await t
    except OSError as e:
        print("again raised", e)
    return "main result"


print(asyncio.run(main()))
