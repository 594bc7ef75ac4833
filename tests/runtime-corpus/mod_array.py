# array: typecodes, append/extend, indexing, slicing, bytes conversion.
from array import array
a = array("i", [1, 2, 3])
a.append(4)
a.extend([5, 6])
print(a, len(a), a[0], a[-1], a[1:3], list(a), sum(a))
a[0] = 100
print(a)
b = array("B", b"\x01\x02")
print(b, bytes(b), array("h", [-1, 2]), array("f", [0.5, 1.5]), array("d", [2.25]))
print(array("b"), array("I", [2 ** 32 - 1]), array("q", [-(2 ** 63)]) if True else 0)
c = array("H", [1, 2]) + array("H", [3])
print(c, c == array("H", [1, 2, 3]))
print(bytes(array("h", [1, 256])), array("i", range(4)))
try:
    array("z")
except ValueError as e:
    print("ValueError", e)
