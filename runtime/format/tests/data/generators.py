def gen(n):
    for i in range(n):
        x = yield i
        if x:
            return x


def deleg():
    r = yield from gen(3)
    yield r


async def co(a):
    async with a as b:
        await b
    async for z in a:
        print(z)
    return 1


print(list(gen(4)), list(deleg()))
print(sum(x for x in gen(5)))
