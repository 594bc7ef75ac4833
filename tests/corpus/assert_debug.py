# assert and __debug__ depend on the optimisation level.
print(__debug__)
if __debug__:
    print("debug on")
else:
    print("debug off")
try:
    assert 1 == 2, "message"
    print("assert skipped")
except AssertionError as e:
    print("AssertionError", e.args)
try:
    assert False
except AssertionError:
    print("bare assert")
assert True
x = 0
def side():
    global x
    x += 1
    return True
assert side()
print("x", x)
