@micropython.native
def f(a):
    d = {"a": a, "b": 2}
    s = {a, 2, 3}
    t = (a,)
    return sorted(d.items()), sorted(s), t, len(d)


print(f(1))
