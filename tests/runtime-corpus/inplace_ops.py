# Every augmented assignment on ints, floats, big ints, lists and strings; targets that are
# names, attributes and subscripts.
x = 100
x += 5; x -= 3; x *= 4; x //= 3; x %= 50; x **= 2; x <<= 3; x >>= 1; x &= 0xFFF; x |= 0x1000; x ^= 0x55
print(x)
f = 7.0
f /= 2; f += 0.25; f *= 3; f -= 1; f //= 2; f %= 3; f **= 2
print(f)
b = 2 ** 70
b += 1; b *= b; b //= 3; b %= 10 ** 30; b >>= 7; b <<= 2; b ^= 2 ** 65; b |= 1; b &= ~0xFF
print(b)
l = [1]
l += [2, 3]
l *= 2
s = "ab"
s += "cd"
s *= 2
print(l, s)
class Box:
    v = 1
o = Box()
o.v += 10
o.v <<= 2
d = {"k": 3, "m": [1]}
d["k"] **= 3
d["m"] += [2]
l[0] -= 100
l[-1] //= 2
print(o.v, Box.v, sorted(d.items()), l)
class M:
    def __init__(self, v):
        self.v = v
    def __matmul__(self, o):
        return M(self.v * o.v + 1)
    def __imatmul__(self, o):
        self.v = -self.v
        return self
m = M(3) @ M(4)
print(m.v)
m @= M(0)
print(m.v)
