# bytes and bytearray share the str methods; bytearray results are bytearrays.
data = b"  alpha,beta,,gamma \x0b"
print(data.strip(), data.lstrip(), data.rstrip())
print(data.split(b","), data.rsplit(b",", 1))
print(data.partition(b","), data.rpartition(b","))
print(b"abcabc".rfind(b"c"), b"abcabc".index(b"b"), b"abcabc".rindex(b"b"))
print(b"abcabc".find(ord("c")), b"abcabc".index(98, 2), b"\x80abc".find(b"a", 1))
print(b"l1\nl2\r\nl3".splitlines(), b"l1\nl2\r\n".splitlines(True))
print(b"ab".center(6), b"ab".center(7))
print(b"Ab1".isalpha(), b"12".isdigit(), b" \t".isspace(), b"AB".isupper(), b"ab".islower())
print(b"\x00\x7f\xff".hex(), b"\x01\x02".hex(":"), b"".hex())
print(bytes.fromhex("00 ff 10"), bytearray.fromhex("abcd"))
try:
    bytes.fromhex("0g")
except ValueError as e:
    print("ValueError", e)

ba = bytearray(b"one two  three")
print(ba.split(), ba.upper(), ba.replace(b"o", b"0"))
print(ba.partition(b" "), ba.find(b"two"), ba.count(b"e"))
print(ba.startswith(b"one"), ba.endswith(b"three"))
print(b",".join([b"a", bytearray(b"b")]), bytearray(b"-").join([b"x", b"y"]))
print(ba.decode(), type(ba.strip()).__name__)

# comparisons and containment across bytes and bytearray
print(b"abc" < bytearray(b"abd"), bytearray(b"b") > b"a", bytearray(b"x") <= bytearray(b"x"))
print(b"bc" in bytearray(b"abcd"), b"z" in bytearray(b"abc"), 99 in b"abc")

# bytes % formatting
print(b"%s-%d-%x" % (b"raw", 5, 255), b"%%" % ())

# whitespace for split/strip includes \v and \f
print("a\x0bb\x0cc".split(), " \x0b\x0c x".strip(), "x\x0b".isspace())
print("s1\ns2\n".splitlines(True), "a\rb".splitlines(keepends=True))
print("abc".startswith("b", 1, None), "abc".endswith("b", None, 2))
try:
    "a b".rsplit(1)
except TypeError:
    print("TypeError")
