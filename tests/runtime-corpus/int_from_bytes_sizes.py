# int.from_bytes: empty, leading/trailing zero bytes, 7 and 8 bytes, both byte orders.
for b in (b"", b"\x00", b"\x00\x00\x01", b"\x01\x00\x00", b"\xff"*7, b"\xff"*8, b"\x00"*9 + b"\x05", b"\x05" + b"\x00"*9):
    print(int.from_bytes(b, "big"), int.from_bytes(b, "little"))
