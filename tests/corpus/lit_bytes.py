# Bytes literals.
print(b"")
print(b"abc", b"\x00\xff", b"\n\t\\")
print(b"a longer bytes literal than ten bytes")
print(rb"\d+", br"\x00")
print(b"\u1234", len(b"\u1234"))
b = b"\x01\x02\x03"
print(list(b), b[1], b[-1])
