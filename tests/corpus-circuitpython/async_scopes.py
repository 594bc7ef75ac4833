# The ASYNC scope flag (0x10) goes with GENERATOR on every `async def`, decorated or not,
# nested, in classes, with closures; plain generators and lambdas keep their flags.
def deco(f):
    return f


class Worker:
    async def run(self, *args, **kwargs):
        return args, kwargs

    @deco
    async def decorated(self, a, b, *, c=1):
        return a + b + c

    @staticmethod
    async def helper():
        return None


def outer(v):
    async def inner():
        return v

    def gen():
        yield v
        yield from range(2)

    return inner, gen, lambda: v


async def agen(n):
    for i in range(n):
        yield i


async def closure():
    total = 0

    def add(x):
        nonlocal total
        total += x

    add(1)
    return total
