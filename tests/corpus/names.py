# Global names: store, load, delete, rebinding, builtins.
alpha = 1
beta = alpha
alpha = "rebound"
print(alpha, beta)
print(len, abs(-3), max(1, 5, 2), min(4, 2))
gamma = len("abc")
del beta
try:
    print(beta)
except NameError:
    print("beta deleted")
_private = 5
__dunder__ = 6
print(_private, __dunder__, __name__)
