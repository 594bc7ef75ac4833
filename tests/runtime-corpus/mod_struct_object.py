# struct and array 'O' (MicroPython-specific): an object's word packed and read back is the
# same object; fewer values than the format asks for is allowed.
import struct
from array import array


class A:
    pass


o = A()
for fmt in ("<O", ">O", "@O", "O"):
    s = struct.pack(fmt, o)
    print(fmt, len(s), struct.unpack(fmt, s)[0] is o, struct.calcsize(fmt))
t = (1, "two", [3])
print(struct.unpack("<O", struct.pack("<O", t))[0] is t, struct.pack("<2I", 1), struct.pack("<bO", 1, None)[:1])
a = array("O", [o, t, None, 5])
print(a[0] is o, a[1] is t, a[2], a[3], len(a))
