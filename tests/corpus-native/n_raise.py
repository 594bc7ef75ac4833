@micropython.native
def f(x):
    if x:
        raise ValueError("bad")
    return "ok"


print(f(0))
try:
    f(1)
except ValueError as e:
    print("caught", e)
