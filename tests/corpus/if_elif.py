# if / elif / else chains, including constant conditions.
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"
for n in (-5, 0, 3, 42):
    print(n, classify(n))
x = 3
if x:
    print("x truthy")
if not x:
    print("never")
else:
    print("else")
if 1:
    print("const true")
if 0:
    print("const false")
if True:
    print("True")
else:
    print("dead")
if False:
    print("dead")
elif x == 3:
    print("elif after False")
if None:
    pass
if x > 2:
    if x > 4:
        print("big")
    else:
        print("medium")
