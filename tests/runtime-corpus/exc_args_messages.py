# Exception args, str() and repr() with zero, one and several arguments.
for e in [Exception(), Exception("one"), Exception("a", 2), ValueError(5), KeyError("k"), KeyError(), OSError(2, "msg")]:
    print(type(e).__name__, e.args, str(e), repr(e))
class MyErr(Exception):
    pass
class WithInit(Exception):
    def __init__(self, code, text):
        super().__init__(code, text)
        self.code = code
try:
    raise WithInit(404, "not found")
except WithInit as e:
    print(e.code, e.args, e)
try:
    raise MyErr
except MyErr as e:
    print(repr(e), e.args, isinstance(e, Exception))
e = ValueError("v")
print(e.args[0], type(e) is ValueError)
