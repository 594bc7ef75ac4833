# `x in` a bytearray, array or memoryview, as MicroPython's array_binary_op: a bytearray is
# searched for any buffer (bytes, str, bytearray, array, memoryview) as bytes; a number is
# NotImplementedError; an array or memoryview never holds a buffer; anything else is not in.
import array

b = bytearray(b"abc")
a = array.array("b", [1, 2])
m = memoryview(b)
for seq in (b, a, m):
    for x in (98, 1, 2.0, 2**70, True, b"b", bytearray(b"bc"), b"", "b", "ca", None, (1,),
              array.array("b", [99]), memoryview(b"ab"), b"abcd"):
        try:
            print(type(seq).__name__, repr(x), x in seq, x not in seq)
        except Exception as e:
            print(type(seq).__name__, repr(x), repr(e))


class Sub(bytearray):
    pass


s = Sub(b"xyz")
print(b"y" in s, "z" in s, b"q" in s)
print(98 in b"abc", b"bc" in b"abc")


class WithContains(bytearray):
    def __contains__(self, x):
        return x == b"magic"


w = WithContains(b"abc")
print(b"a" in w, b"magic" in w)
