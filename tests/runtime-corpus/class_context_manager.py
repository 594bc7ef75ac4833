# with: __enter__/__exit__ on success, on exceptions (suppressed or not), nested and multiple.
class CM:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, typ, val, tb):
        print("exit", self.name, typ.__name__ if typ else None, val)
        return self.suppress
with CM("a") as v:
    print("body", v)
with CM("b", True):
    raise ValueError("suppressed")
print("after b")
try:
    with CM("c"):
        raise KeyError("kept")
except KeyError as e:
    print("caught", e)
with CM("d") as d, CM("e") as e:
    print("two", d, e)
def early():
    with CM("f"):
        return "returned"
print(early())
for i in range(3):
    with CM("g%d" % i):
        if i == 1:
            continue
        if i == 2:
            break
        print("loop body", i)
