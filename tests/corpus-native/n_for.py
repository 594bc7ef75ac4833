@micropython.native
def f(seq):
    out = []
    for x in seq:
        if x == 3:
            continue
        if x == 7:
            break
        out.append(x)
    else:
        out.append(-1)
    return out


print(f(range(10)), f([1, 2]))
