# import, from-import, as.
import sys
import math
import micropython
import collections
import math as m
from math import sqrt, pi as PI
from collections import namedtuple, OrderedDict as OD
import sys as system, math as mathmod
print(type(sys).__name__, sys.byteorder)
print(math.sqrt(16), m.floor(2.7), sqrt(9), PI == math.pi)
print(system is sys, mathmod is math)
print(micropython.const(5))
P = namedtuple("P", ("x", "y"))
print(P(1, 2))
od = OD()
od["b"] = 2
od["a"] = 1
print(list(od.keys()))
print(collections.deque is not None)
def local_import():
    import math
    from math import floor as fl
    return math.ceil(1.2), fl(1.8)
print(local_import())
