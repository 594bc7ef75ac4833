# raise forms, exception attributes, nested handlers, exceptions in loops.
def check(v):
    if v < 0:
        raise ValueError("negative", v)
    return v
for v in (1, -2):
    try:
        print(check(v))
    except ValueError as e:
        print("error", e.args)
try:
    raise KeyError
except KeyError as e:
    print("class raised", type(e).__name__)
def nested():
    try:
        try:
            1 / 0
        finally:
            print("inner finally")
    except ZeroDivisionError:
        print("outer caught")
        return 1
    return 0
print(nested())
class MyErr(Exception):
    def __init__(self, code):
        super().__init__("code %d" % code)
        self.code = code
try:
    raise MyErr(7)
except MyErr as e:
    print(e.code, e)
