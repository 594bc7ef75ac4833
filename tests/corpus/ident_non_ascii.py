# MicroPython takes every byte from 0x80 up as an identifier character, unnormalised.
café = 1
x€ = 2
ﬁ = 3
class K:
    été = 4
def f(à=5):
    return à
print(café, x€, ﬁ, K.été, f(), f(à=6))
