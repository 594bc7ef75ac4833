# a native function with many locals: frame slots up to the Thumb limit
@micropython.native
def f():
    v0 = v1 = v2 = v3 = v4 = v5 = v6 = v7 = v8 = v9 = 0
    w0 = w1 = w2 = w3 = w4 = w5 = w6 = w7 = w8 = w9 = 1
    x0 = x1 = x2 = x3 = x4 = x5 = x6 = x7 = x8 = x9 = 2
    return v0 + v9 + w0 + w9 + x0 + x9

print(f())
