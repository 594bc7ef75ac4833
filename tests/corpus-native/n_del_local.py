@micropython.native
def f(x):
    y = x + 1
    del y
    try:
        print(y)
    except NameError:
        print("deleted")
    return x


print(f(3))
