# Special methods reachable as attributes of native objects, in-place set operators,
# dict views' truth and hashing, difference_update with many arguments, and break out of
# a finally nested in a finally.
d = {}
d.__setitem__("k", 1)
print(d.__getitem__("k"), d)
d.__delitem__("k")
print(d)
try:
    d.__getitem__("missing")
except KeyError as e:
    print("KeyError", e)
s = {1, 2}
print(s.__contains__(1), frozenset("ab").__contains__("c"))
it = iter(range(3))
print(it.__next__(), next(it), iter([5]).__next__(), enumerate("x").__next__())
a = b = {1, 2, 3}
a |= {4}
a &= {1, 2, 4}
a -= {1}
a ^= {9, 2}
print(a is b, sorted(b))
print(bool({}.keys()), bool({1: 2}.values()), len({1: 2, 3: 4}.items()))
for v in ({}.keys(), {}.items()):
    try:
        hash(v)
    except TypeError:
        print("TypeError")
print(type(hash({}.values())).__name__)
s = {1, 2, 3, 4}
print(s.difference_update(), s.difference_update({1}, [2]), sorted(s))


def f():
    for i in range(3):
        try:
            raise TypeError
        finally:
            try:
                raise ValueError
            finally:
                break
    return i


def g():
    for i in range(3):
        try:
            pass
        finally:
            try:
                continue
            finally:
                print("inner", i)
    return "done"


print(f(), g())
try:
    try:
        raise ValueError("v")
    except ValueError as e:
        raise RuntimeError("r") from e
except RuntimeError as e:
    print("caught", e)
