# Errors around await in CircuitPython: awaiting what cannot be awaited, closing, throwing.
async def bad_await(x):
    return await x


def drive(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as e:
        return e.value


for thing in (1, "s", [1], None):
    try:
        drive(bad_await(thing))
    except Exception as e:
        print(type(e).__name__, e)


async def sleeper():
    try:
        await Pause()
        await Pause()
    finally:
        print("cleanup")
    return 1


class Pause:
    def __await__(self):
        yield


c = sleeper()
c.send(None)
c.close()
c = sleeper()
c.send(None)
try:
    c.throw(OSError(5))
except OSError as e:
    print("OSError", e.args)
c = sleeper()
print(drive(c))


async def uncaught():
    await Pause()
    raise RuntimeError("from a coroutine")


drive(uncaught())
