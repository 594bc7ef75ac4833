# a native generator and a closure
@micropython.native
def gen(n):
    for i in range(n):
        yield i * i

@micropython.native
def outer(a):
    def inner(b):
        return a + b
    return inner

print(list(gen(4)), outer(1)(2))
