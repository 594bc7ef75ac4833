class CM:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, a, b, c):
        print("exit", a is None)
        return True


@micropython.native
def f(fail):
    with CM() as c:
        if fail:
            raise OSError
        print("body")
    return 1


print(f(False), f(True))
