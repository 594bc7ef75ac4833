# Local-variable traffic: loads and stores of many fast locals in a tight loop.
def work(n):
    a = b = c = d = e = f = g = h = 0
    for i in range(n):
        a = i + 1
        b = a + 2
        c = b ^ a
        d = c & 0xFF
        e = d + c
        f = e - b
        g = f + a
        h = (g + h) & 0xFFFF
    return a, b, c, d, e, f, g, h
print(work(5000000))
