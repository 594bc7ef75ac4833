# dict methods; output sorted since MicroPython does not keep insertion order in general.
d = {"a": 1, "b": 2}
d["c"] = 3
d.update({"d": 4}, e=5)
d.update([("f", 6)])
print(sorted(d.items()), len(d), "a" in d, "z" not in d)
print(d.get("a"), d.get("z"), d.get("z", 0), d.pop("a"), d.pop("z", "dflt"), d.setdefault("b", 9), d.setdefault("g", 7))
print(sorted(d.keys()), sorted(d.values()), sorted(d))
del d["b"]
k, v = d.popitem()
print(len(d), k not in d)
e = dict.fromkeys(["x", "y"], 0)
print(sorted(e.items()), dict([(1, 2)]), dict(a=1), {} == dict(), {1: 2} == {1: 2})
c = d.copy()
c.clear()
print(c, len(d) > 0)
print(sorted({i: i * i for i in range(5)}.items()))
try:
    d["missing"]
except KeyError as e:
    print("KeyError", e)
try:
    {}.popitem()
except KeyError as e:
    print("KeyError", e)
try:
    {[1]: 2}
except TypeError as e:
    print("TypeError", e)
