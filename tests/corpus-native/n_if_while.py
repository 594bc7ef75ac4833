@micropython.native
def f(n):
    total = 0
    i = 0
    while i < n:
        if i % 3 == 0:
            total += i
        elif i % 3 == 1:
            total -= 1
        else:
            pass
        i += 1
    return total


print(f(10), f(0))
