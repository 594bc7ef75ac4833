# chr() takes surrogates (their 3-byte UTF-8 form), repr escapes them as \uXXXX, ord() reads
# them back; str(buffer, encoding) decodes any buffer (memoryview, array) into a snapshot.
for c in (0xD800, 0xDFFF, 0xDBFF, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF, 0xE9, 0x41):
    s = chr(c)
    print(repr(s), len(s), hex(ord(s)), s.encode() if c < 0xD800 or c > 0xDFFF else "")
print(repr("a" + chr(0xD83D) + "b"))
for bad in (0x110000, -1):
    try:
        chr(bad)
    except ValueError as e:
        print("ValueError", e)
import array
a = array.array("B", b"caf\xc3\xa9 \xf0\x9f\x90\x8d!")
m = memoryview(bytearray(b"\xc3\xbcber"))
s, t = str(a, "utf-8"), str(m, "utf-8")
a[0] = ord("X")
m[2] = ord("B")
print(s, len(s), t, len(t), str(m[2:], "utf-8"))
for bad in (memoryview(b"\xff"), array.array("B", [0xC3])):
    try:
        str(bad, "utf-8")
    except UnicodeError:
        print("UnicodeError")
