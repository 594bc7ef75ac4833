@micropython.native
def f(x):
    r = []
    for i in range(3):
        try:
            try:
                if i == x:
                    raise ValueError(i)
                r.append(i)
            finally:
                r.append("f")
        except ValueError as e:
            r.append(("e", e.args[0]))
            continue
    return r


print(f(1), f(5))
