# struct's 'e' code (IEEE half precision): sizes, byte orders, rounding to nearest even,
# subnormals, overflow to infinity, NaN, and values that pass through float (f32) first.
import struct

print(struct.calcsize("e"), struct.calcsize("<e"), struct.calcsize(">2e"), struct.calcsize("@be"))

values = [
    0.0, -0.0, 1.0, -1.0, 1.5, 0.1, 3.14159, 65504.0, 65519.0, 65520.0, 1e6, -1e6,
    6.103515625e-05, 6.0e-05, 5.960464477539063e-08, 2.98e-08, 2.9802322387695312e-08,
    4.4703483581542969e-08, 1e-9, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 2049.0, 2051.0,
    1.0000001, float("inf"), float("-inf"),
]
for v in values:
    le = struct.pack("<e", v)
    be = struct.pack(">e", v)
    print(v, le, be, struct.unpack("<e", le)[0], struct.unpack(">e", be)[0])

print(struct.pack("<e", float("nan"))[1] & 0x7E == 0x7E)
print(struct.unpack("<e", b"\x00\x7e")[0], struct.unpack("<e", b"\x01\x00")[0])

# Every 97th bit pattern decodes and re-encodes to itself (NaNs aside).
same = 0
for h in range(0, 65536, 97):
    b = struct.pack("<H", h)
    x = struct.unpack("<e", b)[0]
    if x == x:
        same += struct.pack("<e", x) == b
print(same)

# Integers are accepted; non-numbers are not.
print(struct.pack("<e", 3), struct.pack("<2e", 1, 2.5))
try:
    struct.pack("<e", "x")
except TypeError as e:
    print("TypeError", e)

buf = bytearray(6)
struct.pack_into("<ee", buf, 1, 0.5, -2.0)
print(buf, struct.unpack_from("<ee", buf, 1))

# The largest subnormals, where the reference's encoder drops the implicit bit.
for h in (0x200, 0x201, 0x3FF, 0x8300):
    x = struct.unpack("<e", struct.pack("<H", h))[0]
    print(x, struct.pack("<e", x))
