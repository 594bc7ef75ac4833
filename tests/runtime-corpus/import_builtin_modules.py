# Import forms on builtin modules: import as, from-import, import *, missing modules.
import math as m
from math import sqrt, pi as PI
from struct import *
print(m.floor(2.5), sqrt(9), PI > 3, calcsize("<H"))
import sys, gc
print(type(sys).__name__, "gc" in sys.modules)
try:
    import no_such_module_anywhere
except ImportError as e:
    print("ImportError", e)
try:
    from math import no_such_name
except ImportError as e:
    print("ImportError", e)
def local_import():
    import collections
    return collections.deque
print(local_import() is not None)
