# while with constant conditions and loop-control combinations.
n = 0
while 1:
    n += 1
    if n == 3:
        break
print(n)
while 0:
    print("never")
while False:
    print("never")
else:
    print("else of while False")
m = 0
while True:
    m += 1
    if m < 5:
        continue
    break
print(m)
def f():
    i = 0
    while i < 10:
        i += 1
        if i % 2:
            continue
        if i > 6:
            return i
    return -1
print(f())
