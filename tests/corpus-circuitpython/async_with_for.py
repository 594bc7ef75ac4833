# async with / async for still await through GET_ITER + YIELD_FROM in CircuitPython.
class Lock:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


class Counter:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n


async def work(lock):
    async with lock as held, Lock():
        async for i in Counter(3):
            print(i)
            await held.__aexit__(None, None, None)
    try:
        async with lock:
            raise ValueError
    except ValueError:
        pass
