# CircuitPython: `yield from` inside `async def` is a SyntaxError.
async def f(x):
    yield from x
