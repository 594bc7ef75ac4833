class B:
    def m(self):
        return "B"


class D(B):
    @micropython.native
    def m(self):
        return "D" + super().m()


print(D().m())
