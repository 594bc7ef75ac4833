# asyncio: Event set/wait/clear, Lock contention order (async with), cancel raising
# CancelledError in the task (finally blocks run), cancel of a done task, wait_for with and
# without timeout, current_task.
import asyncio


async def waiter(name, ev, log):
    log.append(name + " waits")
    await ev.wait()
    log.append(name + " woke")


async def locker(name, lock, log):
    async with lock:
        log.append(name + " in")
        await asyncio.sleep_ms(10)
        log.append(name + " out")


async def sleeper(log):
    try:
        log.append("sleeping")
        await asyncio.sleep_ms(1000)
        log.append("not reached")
    except asyncio.CancelledError:
        log.append("cancelled")
        raise
    finally:
        log.append("finally")


async def quick(v):
    await asyncio.sleep_ms(5)
    return v


async def main():
    log = []
    ev = asyncio.Event()
    print("is_set", ev.is_set())
    ts = [asyncio.create_task(waiter(n, ev, log)) for n in ("w1", "w2", "w3")]
    await asyncio.sleep_ms(10)
    log.append("setting")
    ev.set()
    print("is_set", ev.is_set())
    for t in ts:
        await t
    print(log)
    ev.clear()
    print("cleared", ev.is_set())
    ev.set()
    print("wait on set event", await ev.wait())

    log = []
    lock = asyncio.Lock()
    ts = [asyncio.create_task(locker(n, lock, log)) for n in ("l1", "l2", "l3")]
    await asyncio.sleep_ms(0)
    print("locked", lock.locked())
    for t in ts:
        await t
    print(log, lock.locked())
    try:
        lock.release()
    except RuntimeError:
        print("release unlocked: RuntimeError")

    log = []
    t = asyncio.create_task(sleeper(log))
    await asyncio.sleep_ms(10)
    print("cancel ->", t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print("await cancelled task: CancelledError")
    print(log, t.done())
    print("cancel again ->", t.cancel())
    print("CancelledError is BaseException", issubclass(asyncio.CancelledError, BaseException),
          issubclass(asyncio.CancelledError, Exception))

    print("wait_for in time", await asyncio.wait_for(quick("ok"), 1))
    print("wait_for None", await asyncio.wait_for(quick("none"), None))
    log = []
    try:
        await asyncio.wait_for(sleeper(log), 0.02)
    except asyncio.TimeoutError:
        print("wait_for timed out")
    await asyncio.sleep_ms(10)
    print(log)
    try:
        await asyncio.wait_for_ms(quick(1), 1)
    except asyncio.TimeoutError:
        print("wait_for_ms timed out")
    print("wait_for_ms in time", await asyncio.wait_for_ms(quick(2), 500))
    print("current_task is a Task", isinstance(asyncio.current_task(), asyncio.Task))


asyncio.run(main())
