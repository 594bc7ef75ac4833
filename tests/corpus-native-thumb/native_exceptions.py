# native try/except/finally (nlr buffers of 19 words on every ARM arch) and with
@micropython.native
def f(x):
    try:
        try:
            return 10 // x
        finally:
            x += 1
    except ZeroDivisionError:
        return -1

class Ctx:
    def __enter__(self):
        return 1
    def __exit__(self, *a):
        return False

@micropython.native
def g():
    with Ctx() as c:
        return c + 1

print(f(0), f(5), g())
