# int() of text and buffers: bytes, bytearray, memoryview and array parse (one argument),
# and the ValueError quotes the text from where the digits should start, naming the base.
import array
print(int(b"123"), int(bytearray(b"-45")), int(memoryview(b"123")), int(memoryview(b" 12 ")))
print(int(memoryview(b"9" * 30)), int(memoryview(b"xx123yy")[2:5]), int(array.array("b", [0x37, 0x38])))
for bad in (memoryview(b"12a"), array.array("b", [65])):
    try:
        int(bad)
    except ValueError as e:
        print("ValueError", e)
try:
    int(memoryview(b"1f"), 16)
except TypeError as e:
    print("TypeError", e)
for bad in (b" 0x1f ", bytearray(b"12a"), "  7x", b"", "", memoryview(b"12a")):
    try:
        int(bad)
    except ValueError as e:
        print("ValueError", e)
for bad, base in (("0x1g", 16), ("0x1g", 0), ("-0b12", 0), ("  +0o9 ", 8), ("é1", 10), ("1_", 10), (b"\xff1", 10), ("12'", 10)):
    try:
        int(bad, base)
    except ValueError as e:
        print("ValueError", e)
for bad, base in (("012", 0), ("12x", 0), ("0", 0), ("00", 0), ("0_1x", 0), ("  -0x", 0), ("0x", 16)):
    try:
        print(int(bad, base))
    except ValueError as e:
        print("ValueError", e)
for v in (bytearray(b"1f"), 5, memoryview(b"1f"), b"1f", 2.5):
    try:
        print(int(v, 16))
    except TypeError as e:
        print("TypeError", e)
