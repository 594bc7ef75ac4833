# Attribute load, store and delete.
import math
print(math.pi > 3, math.floor(2.5))
print("abc".upper(), [3, 1, 2].index(2))
class Obj:
    pass
o = Obj()
o.first = 1
o.second = "two"
o.first = o.first + 1
print(o.first, o.second)
o.inner = Obj()
o.inner.deep = [1, 2]
o.inner.deep.append(3)
print(o.inner.deep)
del o.second
print(hasattr(o, "second"), hasattr(o, "first"))
print(getattr(o, "first"))
