# Default values evaluated once at definition, keyword defaults, closures over loop variables
# captured through defaults, functions as values, recursion through a nested function.
import math
calls = []
def record(v):
    calls.append(v)
    return v
def f(a=record(1), *, b=record(2)):
    return a, b
print(f(), f(5, b=6), calls)
def outer(n):
    def fact(k):
        return 1 if k <= 1 else k * fact(k - 1)
    return fact(n)
print(outer(20), outer(25))
ops = {"sq": lambda x: x * x, "neg": lambda x: -x, "sqrt": math.sqrt}
print(sorted((k, fn(16)) for k, fn in ops.items()))
def apply(fn, *args, **kw):
    return fn(*args, **kw)
print(apply(max, 3, 9, 2), apply(sorted, [3, 1], reverse=True), apply(f, b=0))
print(f.__name__, outer.__name__, (lambda: 0).__name__)
