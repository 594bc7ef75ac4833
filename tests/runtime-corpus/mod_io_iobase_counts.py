# An io.IOBase subclass as a stream: what its write/readinto return is checked as MicroPython's
# stream layer does (more than the buffer is OSError(EIO), negative is OSError(-n), a short
# write is continued with the rest, None or 0 stops), and json.load reads it through readinto.
import io
import json


class W(io.IOBase):
    def __init__(self, script):
        self.script = script
        self.log = []

    def write(self, buf):
        self.log.append(bytes(buf))
        return self.script(len(buf))

    def ioctl(self, cmd, arg):
        return 0


for name, script in (
    ("all", lambda n: n),
    ("one at a time", lambda n: 1),
    ("too many", lambda n: n + 1),
    ("negative", lambda n: -5),
    ("eagain", lambda n: -11),
    ("none", lambda n: None),
    ("zero", lambda n: 0),
):
    w = W(script)
    try:
        print("abc", 12, sep="--", file=w)
        print(name, "ok", w.log)
    except OSError as e:
        print(name, "OSError", e.errno, w.log)


class R(io.IOBase):
    def __init__(self, data, extra=0):
        self.data = data
        self.pos = 0
        self.extra = extra
        self.sizes = []

    def readinto(self, buf):
        self.sizes.append(len(buf))
        n = min(len(buf), len(self.data) - self.pos)
        buf[:n] = self.data[self.pos : self.pos + n]
        self.pos += n
        return n + self.extra if n else 0

    def ioctl(self, cmd, arg):
        return 0


r = R(b'{"a": [1, 2.5, "x"], "b": null}')
print(json.load(r), len(r.sizes), max(r.sizes))
try:
    json.load(R(b"[1]", extra=1))
except OSError as e:
    print("OSError", e.errno)
try:
    json.load(R(b"[1, "))
except ValueError as e:
    print("ValueError", e)
