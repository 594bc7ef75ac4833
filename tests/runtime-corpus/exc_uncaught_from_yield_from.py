# An exception raised in a subgenerator, through yield from and a for loop, uncaught.
def inner():
    yield 1
    raise KeyError("inner failed")
def outer():
    yield from inner()
for v in outer():
    print("got", v)
