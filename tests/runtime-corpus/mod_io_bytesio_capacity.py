# io.BytesIO(n) starts with room for n bytes: writes within it do not allocate (heap locked);
# a BytesIO/StringIO made from bytes/str reads it in place and copies it at the first write.
import io
import micropython

buf = io.BytesIO(32)
data = b"0123456789abcdef"
n1 = n2 = r = None  # globals made before the heap is locked
micropython.heap_lock()
try:
    n1 = buf.write(data)
    n2 = buf.write(data)
    r = "ok"
except MemoryError:
    r = "MemoryError"
micropython.heap_unlock()
print(r, n1, n2, buf.getvalue())
micropython.heap_lock()
try:
    buf.write(b"!")
    print("no error")
except MemoryError:
    pass
micropython.heap_unlock()
print(buf.tell(), len(buf.getvalue()))

src = b"line one\nline two\nend"
s = io.BytesIO(src)
print(s.readline(), s.read(4), s.tell())
s.seek(5)
print(s.write(b"ONE"), s.getvalue(), src)
print(list(io.BytesIO(b"a\nb\n")))
t = io.StringIO("h\u00e9llo")
print(t.read(2), t.tell())
t.write("X")
print(t.getvalue())
ba = bytearray(b"abc")
c = io.BytesIO(ba)
ba[0] = 90
print(c.getvalue())
z = io.BytesIO(0)
z.write(b"grow")
print(z.getvalue())
into = bytearray(3)
w = io.BytesIO(b"xyzw")
print(w.readinto(into), into, w.read())
