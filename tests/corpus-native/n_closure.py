@micropython.native
def make(a):
    b = a * 2

    def inner(c):
        nonlocal b
        b += c
        return a + b

    return inner


f = make(1)
print(f(1), f(10))
