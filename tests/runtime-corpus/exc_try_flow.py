# try/except/else/finally ordering, with and without exceptions, and return/break in them.
def f(x):
    try:
        print("try", x)
        if x == 1:
            raise ValueError("v")
        if x == 2:
            return "returned in try"
    except ValueError as e:
        print("except", e)
        return "returned in except"
    else:
        print("else")
    finally:
        print("finally", x)
    return "end"
for x in range(3):
    print(f(x))
def g():
    try:
        return "try"
    finally:
        return "finally wins"
print(g())
def h():
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
        finally:
            print("fin", i)
    return i
print(h())
try:
    try:
        raise KeyError(1)
    finally:
        print("inner finally")
except KeyError:
    print("outer caught")
try:
    pass
except:
    print("never")
else:
    print("bare else")
