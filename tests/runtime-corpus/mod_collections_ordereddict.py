# collections.OrderedDict: insertion order, deletion, popitem from the end, copy, equality.
from collections import OrderedDict

od = OrderedDict()
print(od, type(od), OrderedDict, isinstance(od, dict), issubclass(OrderedDict, dict), bool(od))
for i in [5, 3, 9, 1, 7, 2, 8, 100, 42, 11, 0, 13, 6]:
    od[i] = str(i)
print(od)
print(list(od), list(od.keys()), list(od.values()), list(od.items())[:3])
del od[9]
del od[5]
od[5] = "x"
od[3] = "y"
print(od, len(od))
print(od.pop(3), od.popitem(), od)
print(od.get(100), od.get(1000), 42 in od, 43 in od, od.setdefault(77, "z"), od)
o2 = od.copy()
print(type(o2), o2, o2 == od, o2 is od)
o3 = OrderedDict([("b", 1), ("a", 2)])
o4 = OrderedDict(z=1)
o5 = OrderedDict({"q": 1})
print(o3, o4, o5, o5 == {"q": 1}, {"q": 1} == o5, o5 == OrderedDict(q=1))
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), dict(o3))
o3.update({"c": 3})
o3.update([("d", 4)])
print(o3, repr(o3), str(o3))
o3.clear()
print(o3, len(o3))
try:
    o3.popitem()
except KeyError as e:
    print("KeyError", e)
try:
    o3["missing"]
except KeyError as e:
    print("KeyError", e)
big = OrderedDict()
for i in range(40):
    big["k%d" % (i * 7 % 40)] = i
for i in range(0, 40, 3):
    del big["k%d" % i]
print(list(big)[:10], len(big), big["k1"], "k3" in big)
print(OrderedDict(a=1) | {"b": 2})
