# Plain generators are unchanged: yield and yield from, no ASYNC flag.
def counter(n):
    i = 0
    while i < n:
        got = yield i
        if got:
            i = got
        i += 1


def delegate(n):
    result = yield from counter(n)
    yield from (x * 2 for x in range(n))
    return result


print(list(delegate(3)))
