# io.IOBase: a user stream class gets print(file=) and json.dump output through its write
# method, one call per piece, as a bytearray (containers print in several pieces on the
# reference: only scalars here).
import io
import json


class Log(io.IOBase):
    def __init__(self):
        self.calls = []

    def write(self, buf):
        self.calls.append((type(buf).__name__, bytes(buf)))
        return len(buf)


s = Log()
print("test", file=s)
print(1, "two", 3.5, sep="--", end="!", file=s)
print(file=s)
print(s.calls)
j = Log()
json.dump({"a": [1, 2]}, j)
print(b"".join(c[1] for c in j.calls), isinstance(s, io.IOBase), type(io.IOBase()).__name__)
