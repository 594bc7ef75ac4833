# io.StringIO and io.BytesIO: write, read, seek, getvalue, readline.
import io
s = io.StringIO()
s.write("hello ")
print(s.write("world"), file=s) if False else s.write("world\nline2\n")
print(repr(s.getvalue()))
s.seek(0)
print(repr(s.read(5)), repr(s.readline()), repr(s.readline()), repr(s.read()))
t = io.StringIO("preset\ntext")
print(t.readline(), t.read(), repr(t.read()))
b = io.BytesIO(b"abc")
b.seek(0, 2)
b.write(b"def")
print(b.getvalue(), b.seek(1), b.read(2), b.tell())
print("to file", 5, file=s)
print(repr(s.getvalue()[-10:]))
with io.StringIO("ctx") as c:
    print(c.read())
