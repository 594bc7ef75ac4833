def outer(a, b=1, *args, c, d=2, **kw):
    x = a + b

    def inner(y):
        nonlocal x
        x += y
        return x + c

    f = lambda z: z * d
    sq = [i * i for i in args if i]
    ds = {k: v for k, v in kw.items()}
    st = {i for i in sq}
    g = (i + x for i in sq)
    first, *rest = sq or [0]
    return inner(1), f(2), sq, ds, st, sum(g), rest


def star_call(*a, **k):
    return outer(*a, 7, **k, c=3)


print(outer(1, 2, 3, 4, c=5, e=6))
print(star_call(1))
