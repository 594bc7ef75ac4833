# and/or as values, short-circuit evaluation, not.
def v(x):
    print("eval", x)
    return x
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or "dflt", "" and "x")
print(v(0) and v(1), v(1) or v(2))
print(v(1) and v(0) or v(3))
x = v([]) or v({}) or v("last")
print(x)
y = 5
print(y > 3 and y < 10, y < 3 or y > 4, not (y > 3 and y < 4))
if y and not None:
    print("true branch")
if 0 or y > 100:
    print("not printed")
else:
    print("else branch")
while y and y > 3:
    y -= 1
print(y)
