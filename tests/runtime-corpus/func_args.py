# Calling conventions: defaults, *args, **kwargs, keyword-only, positional+keyword mixes.
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))
print(f(1, c=3))
print(f(1, 5, 6, 7, c=3, e=9, d=0))
print(f(*[1, 2, 3], **{"c": 10, "z": 1}))
def g(*, only):
    return only
print(g(only="kw"))
def defaults(x=[]):
    x.append(len(x))
    return x
print(defaults(), defaults(), defaults([9]))
def h(a, b, c):
    return a * 100 + b * 10 + c
print(h(1, 2, 3), h(c=3, a=1, b=2), h(1, *(2, 3)), h(*[1], **{"b": 2, "c": 3}))
def star_only(*args):
    return args
print(star_only(), star_only(1), star_only(*range(3), 9))
def kw_only(**kw):
    return sorted(kw)
print(kw_only(), kw_only(a=1, **{"b": 2}))
for call in [lambda: h(1, 2), lambda: h(1, 2, 3, 4), lambda: h(1, 2, 3, a=1), lambda: g(1), lambda: f(1)]:
    try:
        call()
    except TypeError as e:
        print("TypeError", e)
