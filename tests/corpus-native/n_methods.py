class C:
    def __init__(self, v):
        self.v = v

    @micropython.native
    def add(self, x):
        self.v += x
        return self.v


c = C(5)
print(c.add(3), c.add(-1), c.v)
