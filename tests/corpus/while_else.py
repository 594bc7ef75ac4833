# while loops with else, break and continue.
i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    print("i", i)
else:
    print("while else ran")
j = 0
while j < 10:
    if j == 3:
        print("break at", j)
        break
    j += 1
else:
    print("not printed")
k = 0
while True:
    k += 1
    if k > 4:
        break
print("k", k)
n = 3
while n:
    n -= 1
    m = 0
    while m < 2:
        m += 1
        if m == n:
            break
    else:
        print("inner else", n)
print("end")
