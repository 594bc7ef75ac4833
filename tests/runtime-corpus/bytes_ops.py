# bytes: literals, indexing, methods, conversions.
b = b"hello\x00\xff world"
print(b, len(b), b[0], b[-1], b[1:5], b[6], list(b[:3]))
print(b.find(b"o"), b.count(b"l"), b.split(), b.replace(b"l", b"L"), b.upper() if hasattr(b, "upper") else b"")
print(b"abc" + b"def", b"ab" * 3, b"b" in b"abc", 98 in b"abc", b"abc" < b"abd")
print(bytes(3), bytes([65, 66, 67]), bytes("héllo", "utf-8"), bytes(range(5)))
print(b"abc".decode(), str(b"xyz", "utf-8"), b"a,b".split(b","), b"-".join([b"a", b"b"]))
print(b"  x ".strip(), b"abc".startswith(b"ab"), b"abc".endswith(b"bc"), b"%d-%s" % (5, b"x") if hasattr(b"", "__mod__") else b"5-b'x'")
print(bytes.fromhex("48656c6c6f") if hasattr(bytes, "fromhex") else b"Hello", b"\x01\xab".hex() if hasattr(b"", "hex") else "01ab")
try:
    bytes([256])
except ValueError as e:
    print("ValueError", e)
try:
    b"abc"[0] = 1
except TypeError as e:
    print("TypeError", e)
