# Slices with and without steps; slice assignment and deletion.
a = list(range(10))
print(a[2:5], a[:3], a[7:], a[:])
print(a[::2], a[1::3], a[::-1], a[8:2:-2])
print(a[-3:], a[:-3], a[-1:-4:-1])
i, j, k = 1, 9, 2
print(a[i:j:k], a[i:], a[:j], a[::k])
s = "abcdefgh"
print(s[1:4], s[2:], s[:-2])  # str slices with steps are unsupported in MicroPython
print(b"bytes"[1:3])
a[1:3] = ["x", "y", "z"]
b = a[::-1]
try:
    b[::2] = [0] * 6  # compiled all the same; MicroPython rejects it at run time
except NotImplementedError:
    print("step store unsupported")
try:
    del b[::3]
except NotImplementedError:
    print("step delete unsupported")
print(b)
print(a)
del a[1:3]
print(a)
a[:] = [0]
print(a)
print((1, 2, 3, 4)[1:-1])
