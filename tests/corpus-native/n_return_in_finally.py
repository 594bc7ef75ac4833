@micropython.native
def f(n):
    for i in range(n):
        try:
            if i == 2:
                return i
        finally:
            print("fin", i)
    return -1


print(f(5), f(1))
