# Function and class decorators, stacked, with arguments, and preserving call semantics.
def trace(f):
    def wrapper(*a, **k):
        print("call", f.__name__, a, sorted(k.items()))
        return f(*a, **k)
    return wrapper
def times(n):
    def deco(f):
        def wrapper(*a):
            return [f(*a) for _ in range(n)]
        return wrapper
    return deco
@trace
@times(2)
def hello(name):
    return "hi " + name
print(hello("bob"))
registry = []
def register(cls):
    registry.append(cls.__name__)
    cls.registered = True
    return cls
@register
class Plugin:
    pass
print(registry, Plugin.registered)
class Cache:
    def __init__(self, f):
        self.f = f
        self.memo = {}
    def __call__(self, n):
        if n not in self.memo:
            self.memo[n] = self.f(n)
        return self.memo[n]
@Cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(25), len(fib.memo))
