# native functions that set up their code state through the fun table (r4 on Thumb)
@micropython.native
def f(a, b=2, *args, c=3, **kw):
    return a + b + c + len(args) + len(kw)

print(f(1), f(1, 2, 3, 4, c=5, d=6))
