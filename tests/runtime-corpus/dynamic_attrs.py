# Attribute names made at run time (new qstrs), setattr/getattr with them, class attrs via type().
class Bag:
    pass
b = Bag()
for i in range(20):
    setattr(b, "attr_%d_%s" % (i, "x" * i), i * i)
print(getattr(b, "attr_7_xxxxxxx"), getattr(b, "attr_19_" + "x" * 19), hasattr(b, "attr_20_"))
names = sorted(k for k in dir(b) if k.startswith("attr_"))
print(len(names), names[:3])
T = type("T", (Bag,), {"cls_attr": 5, "m": lambda self: "m called"})
t = T()
print(T.__name__, t.cls_attr, t.m(), isinstance(t, Bag))
key = "".join(["dyn", "amic"])
d = {key: 1}
print(d["dynamic"], "dynamic" in d, key is not None)
