# Miscellaneous builtins: globals/locals, dir of a class, hash of
# immutables, next with default, enumerate/zip corner cases, sorted stability, bytes/str builders.
def f(a, b=2):
    c = a + b
    return sorted(k for k in locals() if not k.startswith("_"))
print(f(1))
g = globals()
print("f" in g, g["__name__"], type(g).__name__)
class K:
    def method(self):
        pass
    attr = 1
print([n for n in dir(K) if not n.startswith("__")])
print(hash(1) == hash(1.0), hash("x") == hash("x"), hash((1, "a")) == hash((1, "a")), hash(None) == hash(None))
pairs = [(1, "b"), (0, "a"), (1, "a"), (0, "b")]
print(sorted(pairs, key=lambda p: p[0]))
print(list(zip("abc", [1, 2])), list(enumerate([])), list(map(len, [])), list(zip("ab", "cd", "ef")))
print(str(b"abc", "ascii"), bytes("xyz", "ascii"), bytearray("q", "utf-8"), str(bytearray(b"ba"), "utf-8"))
print(isinstance(len, type(print)), type(abs).__name__ if hasattr(type(abs), "__name__") else "?")
print(getattr(__import__("math"), "floor")(2.7), __name__)
