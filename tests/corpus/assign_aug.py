# Augmented assignment with every operator, on names, subscripts and attributes.
x = 10
x += 3; print(x)
x -= 1; print(x)
x *= 4; print(x)
x //= 5; print(x)
x %= 6; print(x)
x **= 3; print(x)
x <<= 2; print(x)
x >>= 1; print(x)
x &= 0x3C; print(x)
x |= 0x101; print(x)
x ^= 0xFF; print(x)
x /= 4; print(x)
s = "ab"
s += "cd"
s *= 2
print(s)
l = [1, 2, 3]
l[1] += 10
l[-1] *= 5
print(l)
d = {"k": 1}
d["k"] += 41
print(d["k"])
class Box:
    pass
o = Box()
o.v = 1
o.v += 99
print(o.v)
l2 = [1]
l3 = l2
l2 += [2]
print(l3)
