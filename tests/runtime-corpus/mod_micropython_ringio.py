# micropython.RingIO: sizes, wrap-around, stream methods, shared buffers and error messages.
# runtime: big-heap
import micropython
from micropython import RingIO
r = RingIO(8)
print(r, type(r))
print(r.any(), r.write(b"hello\nwor"), r.any())
print(r.readline(), r.any())
print(r.write("ld!"), r.write(b"xyz"), r.any())
print(r.read(3), r.read(), r.read())
b = bytearray(5)
r2 = RingIO(b)
print(r2.write(b"ab"), b)
print(r2.write(b"123456"), b)
buf = bytearray(3)
print(r2.readinto(buf), buf, r2.any())
print(r2.readinto(buf, 1), buf)
print(r2.write(b"12345", 2), r2.write(b"12345", 1, 2), r2.write(b"12345", 9, 2))
print(r2.read(-1))
for bad in (0, -1, bytearray(0), bytearray(1), 65535, None, b"abc", "abc", 1.5):
    try:
        RingIO(bad)
        print("ok")
    except Exception as e:
        print(type(e).__name__, e.args)
for ok in (1, bytearray(2), 65534, True):
    print(RingIO(ok).write(b"zzz"))
try:
    RingIO()
except TypeError as e:
    print(e)
try:
    r.write(5)
except TypeError as e:
    print(e)
try:
    r.readinto(b"abc")
except TypeError as e:
    print(e)
try:
    r.read(None)
except TypeError as e:
    print(e)
print(r.close(), r.write(b"a\rb\nc"), r.readline(None), r.readline(-1), r.readline())
r3 = RingIO(4)
for i in range(10):
    r3.write(bytes([65 + i, 66 + i]))
    print(r3.read(1), r3.any())
micropython.heap_lock()
