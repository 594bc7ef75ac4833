# io streams: write(buf, len) and write(buf, off, len), readinto, line iteration, seek errors,
# subclasses of StringIO, print(file=) into a subclass.
import io

buf = io.BytesIO()
print(buf.write(b"foo", 2), buf.write(b"foo", 100), buf.write(b"foobar", 1, 3), buf.write(b"foobar", 1, 100))
print(buf.write(b"foobar", 100, 100), buf.write(bytearray(b"xy"), 0, 1), buf.getvalue())
r = io.BytesIO(b"0123456789")
ba = bytearray(4)
print(r.readinto(ba), ba, r.readinto(ba, 2), ba, r.tell())
mv = memoryview(bytearray(3))
print(r.readinto(mv), bytes(mv), r.readinto(bytearray(10)), r.readinto(bytearray(1)))
try:
    r.readinto(b"xx")
except TypeError as e:
    print("TypeError", e)
s = io.StringIO("one\ntwo\n\nthree")
for line in s:
    print(repr(line))
print(list(io.StringIO("a\nb")), list(io.BytesIO(b"x\ny\n")), next(iter(io.StringIO("q"))))
for f in (lambda: io.BytesIO(b"foobar").seek(-10), lambda: io.StringIO("ab").seek(-1, 1)):
    try:
        f()
    except OSError as e:
        print("OSError", e.args, e.errno)


class X(io.StringIO):
    def extra(self):
        return "extra"


x = X()
x.write("hello\nworld\n")
x.seek(0)
print([l for l in x], x.extra(), x.getvalue(), isinstance(x, io.StringIO))
print("io.StringIO" in repr(io.StringIO()), "io.BytesIO" in repr(io.BytesIO()))
s = io.StringIO("abc")
print(s.seek(-1, 1), s.tell(), s.seek(-5, 2), s.seek(2), s.seek(-5, 1), s.read(), s.seek(-1, 2), s.read())
