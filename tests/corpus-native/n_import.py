@micropython.native
def f():
    import sys
    from collections import namedtuple
    return type(sys.maxsize), namedtuple is not None


print(f())
