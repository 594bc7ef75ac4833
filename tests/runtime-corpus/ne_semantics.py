# != as mp_obj_equal_not_equal: the left operand's __ne__ (result returned as it is), else its
# __eq__ negated by truth, then the same for the right operand, else identity.
class E:
    def __repr__(self):
        return "E"

    def __eq__(self, other):
        print("E eq", other)
        return 123


class F:
    def __repr__(self):
        return "F"

    def __ne__(self, other):
        print("F ne", other)
        return -456


class G:
    def __repr__(self):
        return "G"


g = G()
print(E() != F(), F() != E())
for val in (None, 0, "a", g):
    print(E() == val, val == E(), E() != val, val != E())
    print(F() == val, val == F(), F() != val, val != F())
print(g != g, g != G(), g == g)


class H:
    pass


h = H()
print(repr(h).startswith("<H object at "), "0x" in repr(h))
