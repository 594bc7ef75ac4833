# struct: pack/unpack with byte orders, sizes, pack_into/unpack_from, errors.
import struct
print(struct.pack("<I", 1), struct.pack(">I", 1), struct.pack("<hHbB", -2, 65535, -1, 255))
print(struct.pack("<q", -(2 ** 63)), struct.pack("<Q", 2 ** 64 - 1), struct.pack("<d", 1.5), struct.pack("<f", -0.25))
print(struct.unpack("<I", b"\x01\x00\x00\x00"), struct.unpack(">hh", b"\xff\xfe\x00\x01"), struct.unpack("<q", b"\xff" * 8))
print(struct.calcsize("<I"), struct.calcsize("<bhiq"), struct.calcsize("@bi"), struct.calcsize("3s"), struct.calcsize("<10sH"))
print(struct.pack("<3s", b"abcdef"), struct.unpack("<2sB", b"xyz"))
buf = bytearray(8)
struct.pack_into("<HH", buf, 2, 0x1234, 0xABCD)
print(buf, struct.unpack_from("<H", buf, 4))
for bad in [lambda: struct.unpack("<I", b"ab"), lambda: struct.pack("<I"), lambda: struct.calcsize("<Z")]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
