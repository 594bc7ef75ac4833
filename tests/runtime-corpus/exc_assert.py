# assert with and without a message (this corpus is compiled at -O0, so asserts are active).
try:
    assert 1 == 2
except AssertionError as e:
    print("AssertionError", e.args)
try:
    assert False, "with message %d" % 5
except AssertionError as e:
    print("AssertionError", e)
assert True
print("done")
