# Less common special methods: __setitem__/__delitem__, __new__, class attributes via type, __dict__ of instances.
class Store:
    def __init__(self):
        self.d = {}
    def __setitem__(self, k, v):
        print("set", k, v)
        self.d[k] = v
    def __getitem__(self, k):
        return self.d[k]
    def __delitem__(self, k):
        print("del", k)
        del self.d[k]
s = Store()
s["a"] = 1
s[(1, 2)] = "tuple"
print(s["a"])
del s["a"]
class Singleton:
    inst = None
    def __new__(cls):
        if cls.inst is None:
            cls.inst = super().__new__(cls)
            print("new instance")
        return cls.inst
print(Singleton() is Singleton())
class Obj:
    def __init__(self):
        self.a = 1
        self.b = 2
print(sorted(Obj().__dict__.items()))
class WithInt(int):
    def double(self):
        return self * 2
w = WithInt(21)
print(w.double(), w + 1, isinstance(w, int))
class MyList(list):
    def total(self):
        return sum(self)
ml = MyList([1, 2, 3])
ml.append(4)
print(ml.total(), len(ml), ml[0])
