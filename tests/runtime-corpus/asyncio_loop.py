# asyncio: the loop's exception handler (unretrieved task exceptions, retrieved ones not
# reported), ThreadSafeFlag set from micropython.schedule, cancel of a task awaiting another
# (forwarded to the inner task), wait_for on a task that ignores its cancel, Loop.stop.
import asyncio
import micropython


def handler(loop, context):
    print("handler:", context["message"], repr(context["exception"]))


async def boom(v):
    raise ValueError(v)


async def inner(log):
    try:
        await asyncio.sleep_ms(500)
    except asyncio.CancelledError:
        log.append("inner cancelled")
        raise


async def outer(log):
    try:
        await asyncio.create_task(inner(log))
    except asyncio.CancelledError:
        log.append("outer cancelled")
        raise


async def stubborn(log):
    try:
        await asyncio.sleep_ms(500)
    except asyncio.CancelledError:
        log.append("ignoring cancel")
    await asyncio.sleep_ms(5)
    log.append("stubborn done")
    return 42


async def waiter(flag, log):
    await flag.wait()
    log.append("flag seen")


async def main():
    loop = asyncio.get_event_loop()
    loop.set_exception_handler(handler)
    print("handler set", loop.get_exception_handler() is handler)
    asyncio.create_task(boom(1))
    t = asyncio.create_task(boom(2))
    await asyncio.sleep_ms(10)
    try:
        await t
    except ValueError as e:
        print("retrieved", e)
    t = asyncio.create_task(boom(3))
    await asyncio.sleep(0)
    try:
        await t
    except ValueError as e:
        print("retrieved in time", e)

    log = []
    t = asyncio.create_task(outer(log))
    await asyncio.sleep_ms(10)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        log.append("main saw CancelledError")
    print(log)

    log = []
    try:
        await asyncio.wait_for(stubborn(log), 0.01)
    except asyncio.TimeoutError:
        log.append("timeout")
    print(log)

    log = []
    flag = asyncio.ThreadSafeFlag()
    t = asyncio.create_task(waiter(flag, log))
    await asyncio.sleep_ms(5)
    micropython.schedule(lambda f: f.set(), flag)
    await t
    print(log)
    return "end"


print(asyncio.run(main()))


async def forever(n):
    for i in range(n):
        print("tick", i)
        await asyncio.sleep_ms(5)
    asyncio.get_event_loop().stop()


loop = asyncio.get_event_loop()
loop.create_task(forever(3))
loop.run_forever()
print("stopped")
