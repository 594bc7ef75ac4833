# Assignment expressions in parentheses as subscripts and set items.
def f(y):
    x = y[(a := 1)] + y[1, (b := 2)]
    s = {(c := 3), 4, (d := 5)}
    return x, sorted(s), a, b, c, d


print(f({1: 10, (1, 2): 20}))
