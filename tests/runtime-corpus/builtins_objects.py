# Object builtins: getattr setattr hasattr delattr isinstance issubclass type callable repr str.
class A:
    x = 1
a = A()
setattr(a, "y", 2)
print(getattr(a, "x"), getattr(a, "y"), hasattr(a, "y"), hasattr(a, "z"), getattr(a, "z", None))
delattr(a, "y")
print(hasattr(a, "y"))
print(isinstance(1, int), isinstance("s", (int, str)), isinstance(a, A), issubclass(bool, int), issubclass(A, object))
print(type(1), type("s"), type([]), type(None), type(A), type(a) == A, type(len))
print(repr("q'uote"), repr('d"q'), repr(b"\x00"), repr([1, "a", None]), str(None), str(1.0), repr((1,)))
print(callable(print), callable(A), callable(a), callable(None))
print(type(type(1)), type(1) is int, type(True) is bool, type(print).__name__ if hasattr(type(print), "__name__") else "?")
print(id(a) == id(a), hash("abc") == hash("ab" + "c"), hash(7))
