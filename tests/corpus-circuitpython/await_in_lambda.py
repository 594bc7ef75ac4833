# `await` in a lambda nested in `async def` compiles (the lambda becomes a generator).
async def outer(x):
    f = lambda: await x
    return f


async def nested_def(x):
    def plain():
        yield from x

    g = lambda: (yield from x)
    return plain, g
