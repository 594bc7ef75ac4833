# Error paths: built-in modules are read-only, list.sort's unknown keywords, object.__new__
# of a built-in type, __int__ returning a non-int, a missing positional filled by keyword.
import sys
import math

for m in (sys, math):
    try:
        m.x = 1
    except AttributeError as e:
        print("AttributeError", e)
try:
    [3, 1].sort(noexist=1)
except TypeError as e:
    print("TypeError", e)
print(sorted([3, 1, 2], reverse=True), [2, 1].sort(key=None) is None)
for t in (int, 1):
    try:
        object.__new__(t)
    except TypeError:
        print("TypeError")


class Bad:
    def __int__(self):
        return None


class Good:
    def __int__(self):
        return 7


try:
    int(Bad())
except TypeError:
    print("TypeError")
print(int(Good()))


def f(x, y):
    return x, y


try:
    f(x=1)
except TypeError as e:
    print("TypeError", e)
print(f(y=2, x=1))
