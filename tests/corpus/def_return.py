# return with and without values, early returns, implicit None.
def none1():
    return
def none2():
    pass
def value(x):
    return x * 2
def tup():
    return 1, 2, 3
def early(n):
    if n < 0:
        return "neg"
    if n == 0:
        return "zero"
    for i in range(n):
        if i == 3:
            return "found 3"
    return "small"
def cond(x):
    return "yes" if x else "no"
print(none1(), none2(), value(21), tup())
print(early(-1), early(0), early(2), early(10))
print(cond(1), cond(0))
def nested(x):
    while True:
        if x > 5:
            return x
        x += 2
print(nested(0))
