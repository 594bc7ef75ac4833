@micropython.native
class A:
    x = 1

    def m(self):
        return self.x + 1


print(A().m())
