# Method calls with *args/**kwargs (CALL_METHOD_VAR_KW), on user and builtin methods, and `del`
# of a global from a function (DELETE_GLOBAL).
class C:
    def m(self, *a, **k):
        return (a, sorted(k.items()))
c = C()
args = (1, 2)
kw = {"x": 3}
print(c.m(*args), c.m(**kw), c.m(0, *args, y=4, **kw), c.m(*[], **{}))
parts = ["b", "a"]
print(",".join(*[parts]), "{}-{}".format(*parts), "{a}{b}".format(**{"a": 1, "b": 2}))
l = []
l.extend(*[[1, 2]])
l.insert(*(0, "first"))
print(l, "abc".replace(*("b", "B")))
gone = "global value"
def drop():
    global gone
    del gone
drop()
try:
    print(gone)
except NameError as e:
    print("NameError", e)
