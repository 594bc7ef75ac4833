# __set_name__(owner, name) of class attributes, called once the class exists: every one is
# found first (in the class dict's order), then called, so a call that adds or removes class
# attributes changes neither which calls are made nor their order.
calls = []


class Named:
    def __set_name__(self, owner, name):
        calls.append((owner.__name__, name))
        self.name = name

    def __get__(self, obj, objtype=None):
        return "got " + self.name


class Meddler:
    def __set_name__(self, owner, name):
        calls.append(("meddle", name))
        setattr(owner, "late", Named())
        if hasattr(owner, "victim"):
            delattr(owner, "victim")


class C:
    a = Named()
    b = Named()
    m = Meddler()
    victim = Named()
    plain = 5


print(sorted(calls), len(calls))
print(C().a, C().b, C.plain, hasattr(C, "victim"), C.late.__class__.__name__)
calls.clear()
D = type("D", (), {"x": Named(), "y": 1})
print(calls, D().x)


class NoHook:
    q = object()


print(calls)


# A descriptor read through the class is the descriptor itself (__get__ runs for instances).
class G:
    def __get__(self, obj, objtype=None):
        print("get", type(obj).__name__, objtype.__name__)
        return 1


class H:
    g = G()


print(type(H.g).__name__, H().g, type(getattr(H, "g")).__name__)
H.late = G()
print(type(H.late).__name__, H().late)
