# Exceptions raised inside __init__, __iter__, __next__, __eq__, __len__, properties and __exit__.
class BadInit:
    def __init__(self):
        raise ValueError("init failed")
class BadIter:
    def __iter__(self):
        raise TypeError("no iteration")
class BadNext:
    def __iter__(self):
        return self
    def __next__(self):
        raise KeyError("next failed")
class BadLen:
    def __len__(self):
        raise IndexError("len failed")
class BadProp:
    @property
    def p(self):
        raise AttributeError("prop failed")
class BadExit:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise RuntimeError("exit failed")
for name, action in [("init", BadInit), ("iter", lambda: list(BadIter())), ("next", lambda: [x for x in BadNext()]),
                     ("len", lambda: len(BadLen())), ("prop", lambda: BadProp().p)]:
    try:
        action()
    except Exception as e:
        print(name, type(e).__name__, e)
try:
    with BadExit():
        raise ValueError("body")
except Exception as e:
    print("exit", type(e).__name__, e)
print(getattr(BadProp(), "p", "default via getattr"))
