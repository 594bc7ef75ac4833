# A StopIteration value from a __next__ or a generator's return, met by next() through
# enumerate/map/zip/filter, is raised again by next() with its value (MicroPython's
# stop_iteration_arg); next(it, default) gives the default instead.
class A:
    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration(42)


def gen(x):
    return x
    yield


def stop_arg(f):
    try:
        f()
        print("no stop")
    except StopIteration as e:
        print(e.args)


stop_arg(lambda: next(A()))
stop_arg(lambda: next(enumerate(A())))
stop_arg(lambda: next(map(abs, A())))
stop_arg(lambda: next(zip(A(), A())))
stop_arg(lambda: next(filter(None, A())))
stop_arg(lambda: next(enumerate(gen(7))))
stop_arg(lambda: next(enumerate(gen(None))))
stop_arg(lambda: next(map(abs, [])))
stop_arg(lambda: next(iter([])))
print(next(enumerate(A()), "default"), next(map(abs, gen(3)), "d2"))
stop_arg(lambda: next(enumerate(A())))
stop_arg(lambda: next(iter(())))
print(list(enumerate(A())), [x for x in map(abs, gen(5))])
