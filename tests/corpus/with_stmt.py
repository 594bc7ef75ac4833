# with statements: enter/exit order, exceptions, suppression, multiple managers.
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None)
        return self.suppress
with CM("a") as v:
    print("body", v)
with CM("b"), CM("c") as w:
    print("two managers", w)
with CM("d", suppress=True):
    raise ValueError("suppressed")
print("after suppression")
try:
    with CM("e"):
        raise KeyError("k")
except KeyError:
    print("propagated")
def in_func():
    with CM("f"):
        return "returned"
print(in_func())
for i in range(2):
    with CM("loop"):
        if i == 0:
            continue
        break
