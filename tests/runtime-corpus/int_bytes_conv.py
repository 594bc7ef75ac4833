# int.to_bytes/from_bytes over small and big ints, int() of big ints, big powers of 0/1/-1,
# count arguments that must fit a machine word, list += iterable, and float() of bytes.
big = 1 << 70
for v, n, signed in ((5, 2, False), (-2, 3, True), (255, 1, False), (big, 10, False),
                     (-big, 10, True), (big, 20, False)):
    b = v.to_bytes(n, "big", signed=signed)
    print(b, v.to_bytes(n, "little", signed=signed), int.from_bytes(b, "big"))
print((100).to_bytes(), (7).to_bytes(2), int.from_bytes(bytes(range(20)), "little"))
print(int.from_bytes(bytearray(b"\x01\x00"), "little"), int.from_bytes(b"\xff" * 9, "big"))
for v, n, signed in ((256, 1, False), (-1, 2, False), (128, 1, True), (big, 8, False),
                     (-big, 9, False), (1, -1, False)):
    try:
        v.to_bytes(n, "big", signed=signed)
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)
print(int(big), int(-big) == -big, 0 ** big, 1 ** big, (-1) ** big, (-1) ** (big + 1))
for f in (lambda: bytearray(big), lambda: bytes(big), lambda: bytes([1], 1)):
    try:
        f()
    except (OverflowError, TypeError) as e:
        print(type(e).__name__, e)


class H:
    def __hash__(self):
        return 1 << 80 | 3


print(hash(H()) != 0, hash(10 ** 40) != 0)
lst = [1]
alias = lst
lst += range(2, 4)
lst += (4,)
lst += "ab"
print(lst, alias is lst)
print(float(b"1.5"), float(bytearray(b"-2e3")), float("  7 "))
print(list(enumerate(iterable="xy", start=3)))
for bad in (lambda: range(3).__setitem__, lambda: hash(slice(1, 2))):
    try:
        bad()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__)
try:
    r = range(3)
    r[0] = 1
except TypeError as e:
    print("TypeError", e)
