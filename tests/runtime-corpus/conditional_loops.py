# Control flow: if/elif/else chains, while with break/continue, nested loops, conditional exprs.
def classify(n):
    if n < 0:
        return "neg"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "big"
print([classify(n) for n in (-5, 0, 3, 42)])
i, found = 0, []
while True:
    i += 1
    if i % 2:
        continue
    if i > 12:
        break
    found.append(i)
print(found)
for a in range(4):
    for b in range(4):
        if b > a:
            break
        if (a + b) % 3 == 0:
            continue
        print(a, b, end="; ")
print()
x = 5
print("odd" if x % 2 else "even", [("fizz" if k % 3 == 0 else k) for k in range(1, 7)])
n = 0
while n < 3:
    n += 1
else:
    print("while done", n)
