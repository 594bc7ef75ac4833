# Decorators on functions and classes, stacked and with arguments.
def trace(f):
    def wrapper(*a, **k):
        print("call", f.__name__)
        return f(*a, **k)
    return wrapper
def times(n):
    def deco(f):
        def w(x):
            return f(x) * n
        return w
    return deco
@trace
def hello(x):
    return "hello " + x
print(hello("you"))
@times(3)
@times(2)
def one(x):
    return x
print(one(1))
registry = []
def register(cls):
    registry.append(cls.__name__)
    return cls
@register
class A:
    pass
@register
class B:
    pass
print(registry)
