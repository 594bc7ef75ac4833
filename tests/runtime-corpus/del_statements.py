# del of names, attributes, subscripts, slices, and fast/deref locals.
a = 1
del a
class O:
    pass
o = O()
o.x = 1
o.y = 2
del o.x
print(hasattr(o, "x"), o.y)
d = {"k": 1, "j": 2}
del d["k"]
l = [0, 1, 2, 3]
del l[1], l[0]
print(d, l)
def f():
    v = 5
    del v
    try:
        return v
    except NameError as e:
        return "NameError " + str(e)
print(f())
def g():
    c = 1
    def inner():
        return c
    del c
    try:
        return inner()
    except NameError as e:
        return "NameError " + str(e)
print(g())
try:
    del o.nope
except AttributeError as e:
    print("AttributeError", e)
