def f(n, step=2):
    t = 0
    for i in range(0, n, step):
        t += i
    return t
