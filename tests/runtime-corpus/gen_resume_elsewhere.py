# A generator suspended inside try blocks and resumed from a different call depth (throw
# through yield from, close from a nested function): its exception handlers must still find
# their stack positions.
def leaf():
    try:
        try:
            yield 1
        except ValueError as e:
            print("leaf got", repr(e), [x * 2 for x in range(3)])
        yield 2
    finally:
        print("leaf finally", len([1, 2, 3]))


def mid():
    r = yield from leaf()
    print("mid done", r)
    yield 3


def deep(n, f):
    return f() if n == 0 else deep(n - 1, f)


g = mid()
print(next(g))
print(deep(5, lambda: g.throw(ValueError("v"))))
print(deep(9, lambda: next(g)))
print(deep(2, lambda: next(g, "end")))


def closer():
    try:
        yield "a"
    except GeneratorExit:
        print("closing", sum(range(4)))
        raise


c = closer()
next(c)
deep(7, c.close)
print("ok")
