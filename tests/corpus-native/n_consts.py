@micropython.native
def f():
    return (None, True, False, ..., "str", b"bytes", 1.5, 10**20, -1, 0, 1000000, (1, 2), -(2**40))


print(f())
