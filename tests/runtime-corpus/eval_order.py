# Evaluation order: operands, call arguments, subscripts, chained assignment targets, dict
# displays, augmented assignment, and short-circuit, logged as they happen.
log = []
def t(name, v=None):
    log.append(name)
    return name if v is None else v
def show(label):
    print(label, log)
    del log[:]
t("a", 1) + t("b", 2) * t("c", 3)
show("binop")
def f(*a, **k):
    return 0
f(t("x"), t("y", 1), *[t("z")], k=t("kw"), **{"m": t("star")})
show("call")
d = {t("k1"): t("v1"), t("k2"): t("v2")}
show("dict")
lst = [0, 0, 0]
lst[t("i", 0)] = lst[t("j", 1)] = t("val", 7)
show("chained")
obj = type("O", (), {})()
t("target", obj).attr = t("value", 5)
show("attr")
lst[t("idx", 2)] += t("inc", 3)
show("augmented")
t("l", 0) or t("r", 0) or t("last", 0)
show("or")
t("l", 1) < t("m", 2) < t("r", 0) < t("never", 9)
show("chain compare")
a, b = t("first", 1), t("second", 2)
show("tuple")
print(lst, obj.attr)
