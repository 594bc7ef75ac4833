# __setattr__ and __delattr__ hooks, and object.__setattr__ to bypass them.
class Logged:
    def __init__(self):
        object.__setattr__(self, "log", [])
    def __setattr__(self, name, value):
        self.log.append("set " + name)
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        self.log.append("del " + name)
        object.__delattr__(self, name)
o = Logged()
o.a = 1
o.b = 2
del o.a
print(o.log, o.b, hasattr(o, "a"))
class Frozen:
    def __setattr__(self, name, value):
        raise AttributeError("frozen: " + name)
try:
    Frozen().x = 1
except AttributeError as e:
    print("AttributeError", e)
