# Truthiness, and/or short-circuit values, not, is/is not, None comparisons.
vals = [0, 1, -1, 0.0, 0.5, "", "a", [], [0], (), {}, None, True, False, b"", range(0)]
print([bool(v) for v in vals])
print(0 or "x", 1 and "y", "" and 1 / 0, 5 or 1 / 0, None or [] or "last", 1 and 2 and 3)
print(not None, not [], None is None, [] is not [], 1 if [] else 2, True + 1, True & False, True | False, True ^ True)
def side(v, log):
    log.append(v)
    return v
log = []
r = side(0, log) and side(1, log) or side(2, log)
print(r, log)
print(None == None, None != 0, type(None).__name__, str(True), repr(False), int(True), True == 1)
