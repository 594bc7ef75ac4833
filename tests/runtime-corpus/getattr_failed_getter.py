# getattr(o, name, default) and hasattr when a property getter or a descriptor's __get__ raises
# AttributeError: MicroPython's protected lookup has already stored the class member, so
# getattr returns it (not the default) and hasattr says True; other exceptions propagate.
class P:
    @property
    def p(self):
        raise AttributeError("inner")
    @property
    def q(self):
        raise ValueError("v")
print(getattr(P(), "p", "dflt"))
try:
    print(getattr(P(), "q", "dflt"))
except ValueError as e:
    print("ValueError", e)
print(hasattr(P(), "p"))
class Desc:
    def __get__(self, obj, objtype=None):
        raise AttributeError("desc")


class Q:
    d = Desc()

    def __getattr__(self, name):
        raise AttributeError(name)


print(type(getattr(Q(), "d", "dflt")).__name__, hasattr(Q(), "d"))
print(getattr(Q(), "nothing", "dflt"), hasattr(Q(), "nothing"))
try:
    getattr(P(), "p")
except AttributeError as e:
    print("AttributeError", e)
