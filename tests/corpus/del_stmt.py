# del on names, attributes, subscripts, slices and tuples of targets.
a = 1
b = 2
c = 3
del a
del b, c
print("a" in globals(), "b" in globals())
l = [0, 1, 2, 3, 4, 5]
del l[0]
del l[1:3]
print(l)
d = {"x": 1, "y": 2, "z": 3}
del d["x"], d["y"]
print(d)
class O:
    pass
o = O()
o.p = 1
del o.p
print(hasattr(o, "p"))
def f():
    x = 1
    y = [1, 2]
    del y[0]
    del x
    try:
        print(x)
    except NameError:
        print("local deleted")
    return y
print(f())
e, g = 1, 2
del (e, g)
print("e" in globals())
