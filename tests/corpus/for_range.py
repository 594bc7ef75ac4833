# for i in range(...) with 1, 2 and 3 arguments, negative steps, variable bounds.
for i in range(3):
    print("r1", i)
for i in range(2, 5):
    print("r2", i)
for i in range(1, 10, 3):
    print("r3", i)
for i in range(5, 0, -1):
    print("neg", i)
for i in range(10, -10, -7):
    print("neg7", i)
for i in range(0):
    print("never")
print("after", i)
n, m, s = 2, 11, 4
for i in range(n, m, s):
    print("var", i)
for i in range(m, n, -s):
    print("varneg", i)
acc = 0
for i in range(100):
    if i == 50:
        break
    acc += i
else:
    print("no")
print(acc)
def inside():
    t = 0
    for j in range(1, 4):
        t += j
    for j in range(4, 1, -1):
        t *= j
    return t, j
print(inside())
for i in range(-3, 3, 2):
    print("mixed", i)
for i in reversed(range(3)):
    print("rev", i)
x = range(3)
for i in x:
    print("obj", i)
