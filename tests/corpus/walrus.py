# Assignment expressions.
if (n := 10) > 5:
    print("n is", n)
data = [1, 2, 3, 4]
print([y for x in data if (y := x * 2) > 4], y)
i = 0
while (i := i + 1) < 4:
    print("i", i)
def f():
    print((z := 5) + z)
f()
