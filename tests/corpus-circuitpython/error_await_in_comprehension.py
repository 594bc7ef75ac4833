# A comprehension is its own scope: `await` there is outside a function.
async def f(xs):
    return [await x for x in xs]
