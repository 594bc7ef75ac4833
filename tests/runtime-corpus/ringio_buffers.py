# micropython.RingIO writes from and reads into any buffer: memoryview slices (of bytes and
# bytearray), arrays; a read-only view cannot be read into.
import micropython
import array

r = micropython.RingIO(16)
data = b"0123456789abcdefXYZ"
mv = memoryview(data)
print(r.write(mv[3:9]), r.any())
print(r.write(mv[10:]), r.any())
print(r.read(4))
ba = bytearray(8)
print(r.readinto(memoryview(ba)[2:6]), ba)
print(r.write(array.array("h", [0x4142, 0x4344])), r.read())
a = array.array("b", [0] * 4)
r.write(b"wxyz!")
print(r.readinto(a), list(a), r.read())
try:
    r.write(b"q")
    r.readinto(memoryview(b"abc"))
except TypeError as e:
    print("TypeError", e)
print(r.write(memoryview(bytearray(b"tail"))[1:]), r.read())
