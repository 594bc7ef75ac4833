def inner():
    yield 1
    yield 2
    return 3


@micropython.native
def outer():
    r = yield from inner()
    yield r


print(list(outer()))
