# List slicing, slice assignment (growing, shrinking, extended) and deletion.
a = list(range(10))
print(a[2:5], a[::3], a[::-1], a[-2:], a[8:2:-2], a[5:100], a[:])
b = a[:]
b[2:5] = ["x"]
print(b)
b[1:1] = [10, 11, 12]
print(b)
b[:] = [0, 1, 2, 3, 4, 5]
b[1:3] = ["a", "b", "c"]
print(b)
del b[1:3]
print(b)
del b[-2:]
print(b)
c = list(range(8))
del c[-1]
del c[0]
c[-1] = 70
print(c)
try:
    c[::2] = [1]
except Exception as e:
    print(type(e).__name__)
try:
    c[20]
except IndexError as e:
    print("IndexError", e)
print(a[1:5:2], a[1:5], a[::-3])
