# int methods and constructors: to_bytes/from_bytes, bit_length isn't in every build.
print((1024).to_bytes(4, "little"), (1024).to_bytes(4, "big"))
print(int.from_bytes(b"\x01\x02\x03", "big"), int.from_bytes(b"\x01\x02\x03", "little"))
print(int.from_bytes(b"\xff" * 9, "big"))
print((2 ** 70).to_bytes(10, "big"))
print(int(12.0), int("101", 2), int("-z", 36))
print(type(5).__name__, isinstance(True, int))
