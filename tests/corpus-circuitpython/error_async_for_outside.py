# async for in a plain function.
def f(xs):
    async for x in xs:
        pass
