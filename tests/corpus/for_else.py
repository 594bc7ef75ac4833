# for loops over sequences with else, break and continue; nested loops.
for c in "abc":
    print(c)
else:
    print("for else ran")
for x in [1, 2, 3, 4]:
    if x == 3:
        print("break", x)
        break
else:
    print("not printed")
total = 0
for x in (1, 2, 3, 4, 5, 6):
    if x % 2:
        continue
    total += x
print("total", total)
for a in range(3):
    for b in range(3):
        if b > a:
            break
        print(a, b)
    else:
        print("inner complete", a)
for k in {"one": 1}:
    print(k)
for i in []:
    print("never")
else:
    print("empty else")
print(x, a, b)
