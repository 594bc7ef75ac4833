# micropython.RingIO over any writable buffer, used in place: a bytearray, a memoryview
# (also a slice of one), an array. The buffer's length is the ring's size (one byte stays free).
import array
import gc
import micropython

back = bytearray(12)
mv = memoryview(back)
r = micropython.RingIO(mv[2:10])
print(r.write(b"abcdefghij"), r.any())
print(back)
print(r.read(3), r.any())
print(r.write(b"XYZ"), r.read())
gc.collect()
print(back)

r2 = micropython.RingIO(memoryview(bytearray(6)))
gc.collect()
print(r2.write(b"123456"), r2.read(), r2.write(b"78"), r2.readline())

ar = array.array("b", [0] * 5)
r3 = micropython.RingIO(ar)
print(r3.write(b"\x01\x02\x03"), ar, r3.read(2))

for bad in (b"abc", "abc", None, 2.5, mv[0:1], bytearray(1), memoryview(bytearray(0))):
    try:
        micropython.RingIO(bad)
        print("made")
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
ro = memoryview(b"readonly")
try:
    micropython.RingIO(ro)
except TypeError as e:
    print("TypeError")
