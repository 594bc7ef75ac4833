# Generator functions are of type 'generator' and print as <generator>; functions with closed-over
# variables are of type 'closure'; all of them call, bind as methods and name themselves alike.
def gen():
    yield 1
async def co():
    pass
print(gen, type(gen), type(gen()), type(gen).__name__)
print(co, type(co), type(co()))
print(type(gen) is type(gen()), callable(gen))
def outer():
    x = 1
    def g():
        yield x
    def f():
        return x
    return g, f
g, f = outer()
print(type(g).__name__, type(f).__name__, g.__name__, f.__name__)
print(str(g)[:9], str(f)[:9], str(gen))


class K:
    def m(self):
        yield self.v

    v = 4


print(list(K().m()), type(K.m).__name__, list(g()), f())
