# global and local scoping, shadowing, del of names, UnboundLocalError-like errors.
x = 1
def read():
    return x
def write():
    global x
    x = 2
def shadow():
    x = 3
    return x
print(read(), shadow(), x)
write()
print(x)
def unbound():
    print(x)
    x = 5
try:
    unbound()
except NameError as e:
    print(type(e).__name__, e)
y = 10
del y
try:
    print(y)
except NameError as e:
    print("NameError", e)
def make_global():
    global created
    created = "made"
make_global()
print(created)
class C:
    x = "class x"
    def m(self):
        return x
print(C.x, C().m())
