# __eq__ and __hash__: user objects as dict keys and set members.
class Key:
    def __init__(self, k):
        self.k = k
    def __eq__(self, o):
        return isinstance(o, Key) and self.k == o.k
    def __hash__(self):
        return hash(self.k)
d = {Key("a"): 1, Key("b"): 2}
print(d[Key("a")], Key("b") in d, Key("c") in d, len({Key(1), Key(1), Key(2)}))
class Plain:
    pass
p = Plain()
print(p == p, p != Plain(), {p: 5}[p], hash(p) == hash(p))
class NoHash:
    def __eq__(self, o):
        return True
    __hash__ = None
print(NoHash() == 3)
try:
    {NoHash(): 1}
except TypeError as e:
    print("TypeError", e)
