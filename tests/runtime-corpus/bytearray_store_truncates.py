# bytearray stores truncate to a byte (item assignment, append, extend, construction from a
# list; memoryview stores too), as MicroPython's array item stores; bytes() checks the range.
ba = bytearray(3)
for v in (300, -1, 256, 255):
    try:
        ba[0] = v
        print(ba)
    except ValueError as e:
        print("ValueError", e)
for op in (lambda: ba.append(300), lambda: ba.extend([300]), lambda: bytearray([300]), lambda: bytes([256]), lambda: ba.insert(0, 999) if hasattr(ba, "insert") else None):
    try:
        op()
        print(ba)
    except ValueError as e:
        print("ValueError", e)
m = memoryview(ba)
m[1] = 0x1ff
print(ba)
