# dir(obj) calls an instance's __dir__ (whatever it returns); without one, names are listed.
class A:
    def __dir__(self):
        return ["z", "y"]


class B(A):
    pass


class C:
    def __dir__(self):
        return "not a list"


class D:
    x = 1


print(dir(A()), dir(B()), dir(C()), "x" in dir(D()), "__dir__" in dir(A))
