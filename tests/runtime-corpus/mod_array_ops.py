# array: every typecode, truncation on store, slicing and slice assignment, buffer
# interop (bytes, bytearray, struct), comparisons and their errors.
from array import array
import struct

for tc in "bBhHiIlLqQfdO":
    a = array(tc, [1, 2])
    a.append(3)
    print(tc, a, len(a), a[0], a[-1], list(a), bool(a), bool(array(tc)))
for args in ((), (1,), ("",), ("x",), ("z", [1])):
    try:
        array(*args)
    except Exception as e:
        print(type(e).__name__, e)
a = array("b", [1, 2])
a.append(300)
a.append(-129)
print(a, array("B", [-1, 263]), array("h", [70000]), array("I", [-1]))
print(array("q", [2 ** 63 - 1, -(2 ** 63)]), array("Q", [2 ** 64 - 1]))
print(array("f", [1, 2.5, 1 / 3]), array("d", [1, 1 / 3]))
for tc, v in (("i", 1.5), ("f", "x"), ("b", "ab")):
    try:
        array(tc, v)
    except TypeError as e:
        print("TypeError", e)
a = array("i", range(10))
print(a[2:5], a[-3:], a[5:2], a[:], a[8:100])
a[2:4] = array("i", [7, 8, 9])
print(a, len(a))
a[0:5] = array("i")
print(a)
a[1:1] = a
print(a)
for bad in ([1], array("h", [1])):
    try:
        a[0:1] = bad
    except Exception as e:
        print(type(e).__name__, e)
for op in ("step", "del", "idx", "key"):
    try:
        if op == "step":
            a[::2]
        elif op == "del":
            del a[0]
        elif op == "idx":
            a[100]
        else:
            a["x"]
    except Exception as e:
        print(type(e).__name__, e)
b = array("B", b"ab")
b[0:1] = b"z"
print(b, bytes(b), bytearray(b))
print(bytes(array("h", [1, -2])), bytearray(array("i", [1])), array("h", b"\x01\x02\x03"))
print(array("h", [1]) + b"\x02\x00\x03", array("b", [1]) + bytearray(b"\x05"), b"x" + array("b", [1]))
print(bytearray(b"x") + array("b", [1]), array("b", [1, 2]) in b"\x00\x01\x02")
try:
    array("h", [1]) + [2]
except TypeError as e:
    print("TypeError", e)
a = array("i", [1, 2])
b = a
a += [3]
a += array("i", [4])
a.extend(b"\x05\x00\x00\x00\x06")
a.extend(x * 10 for x in range(2))
print(a, a is b)
try:
    a * 2
except TypeError as e:
    print("TypeError", e)
for x in (1, 1.5, b"1", "1", [1]):
    try:
        print(x in array("b", [1]))
    except NotImplementedError as e:
        print("NotImplementedError", e)
print(array("b", [1]) == array("B", [1]), array("B", [1, 2]) == bytearray(b"\x01\x02"))
print(bytearray(b"\x01\x02") == array("B", [1, 2]), b"\x01\x02" == array("B", [1, 2]))
print(array("b", [97]) == b"a", array("i", [1]) == [1], array("i", [1]) != [1])
print(array("B", [1, 2]) < array("B", [1, 3]), array("H", [2]) >= array("H", [1, 1]))
for l, r in ((array("f", [1]), array("f", [1])), (array("i", [1]), array("h", [1]))):
    try:
        print(l == r)
    except NotImplementedError:
        print("NotImplementedError")
try:
    array("i", [1]) < array("i", [2])
except NotImplementedError:
    print("NotImplementedError")
print(sum(array("i", range(100))), max(array("b", [3, -1])), sorted(array("h", [3, 1, 2])))
print(type(array("i")), array, [x for x in array("d", [0.5, 1.5])])
try:
    hash(array("i"))
except TypeError as e:
    print("TypeError", e)
buf = array("b", [0] * 8)
struct.pack_into("<i", buf, 2, 258)
print(buf, struct.unpack("<h", array("h", [5])), struct.unpack_from("<H", array("B", [1, 2, 3]), 1))
o = array("O", [None, "s", (1,)])
o.append([2])
print(o, o[1], len(o))
