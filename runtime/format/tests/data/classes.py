class Base:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


class Derived(Base):
    count = 0

    def __init__(self, v, w=3):
        super().__init__(v)
        self.w = w
        Derived.count += 1

    @staticmethod
    def make():
        return Derived(1)

    def __repr__(self):
        return "Derived(%r, %r)" % (self.v, self.w)


d = Derived.make()
del d.w
print(d.get(), Derived.count, not d, d is not None, 1 not in [2])
