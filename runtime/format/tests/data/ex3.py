class C:
    k = 1
    def m(self, x):
        return self.k + x
