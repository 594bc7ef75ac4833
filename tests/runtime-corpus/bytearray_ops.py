# bytearray: mutation, slicing assignment, extend/append, conversions.
ba = bytearray(b"hello")
ba[0] = 72
ba.append(33)
ba.extend(b" ok")
ba += b"!"
print(ba, len(ba), ba[1:3], bytes(ba))
ba[1:3] = b"EL"
print(ba)
ba[0:1] = b"JJJ"
print(ba)
ba[0:2] = b""
print(ba)
print(bytearray(4), bytearray([1, 2, 3]), bytearray(range(3)) == b"\x00\x01\x02")
print(ba.find(b"L"), ba.decode(), list(bytearray(b"ab")))
m = memoryview(ba)
print(m[0], bytes(m[1:4]), len(m))
m[0] = 74
print(ba)
try:
    ba[0] = 300
except ValueError as e:
    print("ValueError", e)
