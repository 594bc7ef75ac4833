# Calls with every argument form.
def show(*args, **kw):
    print(args, sorted(kw.items()))
show()
show(1, 2, 3)
show(a=1, b=2)
show(1, b=2)
a = [10, 20]
t = (30,)
kw = {"x": 1, "y": 2}
kw2 = {"z": 3}
show(*a)
show(0, *a)
show(*a, *t)
show(0, *a, 4, *t)
show(**kw)
show(**kw, **kw2)
show(1, *a, k=2, **kw)
show(1, 2, *a, k=3, m=4, **kw2)
show(*a, **kw)
print(max(*a), "-".join(["a", "b"]), int("ff", 16), sorted([3, 1, 2], reverse=True))
def three(a, b, c):
    return a * 100 + b * 10 + c
print(three(1, 2, 3), three(c=3, a=1, b=2), three(1, c=3, b=2), three(*[1, 2], 3))
print(three(**{"a": 1, "b": 2, "c": 3}), three(1, **{"b": 2, "c": 3}))
print(show.__name__)
