# __getattr__ fallback, __setattr__/__delattr__? (MicroPython supports __getattr__), __call__.
class Dyn:
    def __init__(self):
        self.real = "real"
    def __getattr__(self, name):
        if name.startswith("x_"):
            return name[2:]
        raise AttributeError(name)
d = Dyn()
print(d.real, d.x_hello, getattr(d, "x_abc"), hasattr(d, "nope"))
try:
    d.nope
except AttributeError as e:
    print("AttributeError", e)
class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x, y=0):
        return self.n + x + y
add5 = Adder(5)
print(add5(1), add5(1, y=2), callable(add5), callable(d), callable(len), callable(5))
print(list(map(Adder(10), [1, 2])))
