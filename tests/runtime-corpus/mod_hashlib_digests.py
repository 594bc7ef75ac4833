# hashlib: sha256/sha1/md5 digests across block boundaries, incremental updates, buffer
# kinds, the single-digest rule and argument errors.
import hashlib
from binascii import hexlify

for name in ("sha256", "sha1", "md5"):
    algo = getattr(hashlib, name)
    for n in (0, 1, 55, 56, 63, 64, 65, 119, 120, 200):
        data = bytes((i * 7 + n) & 0xFF for i in range(n))
        print(name, n, hexlify(algo(data).digest()))
    h = algo()
    for chunk in (b"a", "bc", bytearray(b"d" * 70), memoryview(b"xyz")[1:]):
        h.update(chunk)
    print(name, hexlify(h.digest()), hexlify(algo(b"abc" + b"d" * 70 + b"yz").digest()))
    for f in (h.digest, lambda: h.update(b"x"), lambda: algo(5), lambda: algo(b"", b"")):
        try:
            f()
        except Exception as e:
            print(type(e).__name__, e)
print(type(hashlib.sha256()).__name__, type(hashlib.md5()).__name__)
