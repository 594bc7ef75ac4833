# throw()/close() through `yield from` into objects that are not generators: the thrown value
# goes to their throw() as it is, close() calls their close() (never throw()), and a
# StopIteration value from their __next__ is the delegation's result; throw's extra arguments.
class Iter:
    def __iter__(self):
        return self

    def __next__(self):
        return 1

    def throw(self, x):
        print("throw", repr(x))
        return 456

    def close(self):
        print("close called")


def gen():
    r = yield from Iter()
    print("never", r)


g = gen()
print(next(g))
print(g.throw(123), g.throw(ZeroDivisionError), g.throw(ValueError("v")))
g.close()


class Plain:
    def __iter__(self):
        return self

    def __next__(self):
        return 2


def gen2():
    yield from Plain()


g = gen2()
next(g)
try:
    g.throw(KeyError("k"))
except KeyError as e:
    print("KeyError", e)


class Stopper:
    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration(42)


def gen3():
    r = yield from Stopper()
    yield r


print(list(gen3()))


def gen4():
    try:
        yield 1
    except Exception as e:
        print("got", repr(e), repr(e.args))
    yield 2


for args in ((ValueError,), (ValueError, None), (ValueError, ValueError(7)), (TypeError(), None, None)):
    g = gen4()
    next(g)
    print(g.throw(*args))
