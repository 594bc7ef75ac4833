# memoryview: views of bytes/bytearray/array/memoryview, item reads and writes by typecode,
# step-1 slices that share the buffer, slice assignment, buffer-protocol uses, errors.
from array import array
import struct

b = bytearray(b"abcdef")
m = memoryview(b)
print(m, len(m), m[0], m[-1], list(m[1:3]), bytes(m[2:]), bool(m), bool(m[3:3]))
m[0] = 65
m[1:3] = b"XY"
print(b, bytes(m), m.hex(), m[1:4].hex(":"))
s = m[2:5]
s[0] = 0x7A
print(b, len(s), list(s), bytes(memoryview(s)), list(memoryview(s)[1:]))
a = array("h", [1, -2, 300, 4])
ma = memoryview(a)
print(len(ma), list(ma), ma[2], list(ma[1:3]))
ma[1] = 70000
ma[2:4] = array("h", [9, 8])
print(a, bytes(ma[3:]))
ro = memoryview(b"1234")
def store(v, i, x):
    if i is None:
        v[0:2] = x
    else:
        v[i] = x


def delete(v, i):
    del v[i]


for i, x in ((0, 1), (None, b"00")):
    try:
        store(ro, i, x)
    except TypeError as e:
        print("TypeError", e)
for v in (b"abc", b"x", [1, 2], array("i", [1])):
    try:
        m[0:2] = v
        print(b)
    except Exception as e:
        print(type(e).__name__, e)
for bad in (lambda: m[::2], lambda: m[10], lambda: m["x"], lambda: memoryview(1), lambda: m + m,
            lambda: hash(m), lambda: memoryview(), lambda: delete(m, 0)):
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)
print(memoryview(b"abc") == b"abc", b"abc" == memoryview(b"abc"), memoryview(b"abc") != b"abd")
print(memoryview(b"abcdef")[2:4] == b"cd", "a" == memoryview(b"a"), memoryview(b"ab") == bytearray(b"ab"))
print(bytearray(memoryview(b"xy")), struct.unpack("<H", memoryview(b"\x01\x02\x03")[1:]), b"cd" in b"abcde")
print(memoryview(b"cd") == memoryview(b"cd"), memoryview(array("i", [1])) == memoryview(array("i", [1])))
try:
    print(memoryview(array("f", [1])) == memoryview(array("f", [1])))
except NotImplementedError:
    print("NotImplementedError")
buf = bytearray(8)
struct.pack_into("<HH", buf, 0, 1, 2)
print(list(memoryview(buf)[0:4]), [x for x in memoryview(array("d", [0.5, 1.5]))])
e = array("b")
e.extend(memoryview(b"\x05\x06"))
print(e, array("b", [1]) + memoryview(b"\x02"), bytearray(b"z") + memoryview(b"q"), b"p" + memoryview(b"q"))
