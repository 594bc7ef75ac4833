@micropython.native
def f(l):
    l[0] = l[1] + l[-1]
    del l[1]
    return l[1:], l[:2], l[::2], l[1:3:1]


print(f([1, 2, 3, 4, 5]))
