# Messages of errors raised by the VM and builtins.
tests = [
    lambda: 1 + "a", lambda: "a" + 1, lambda: [] + (), lambda: None(), lambda: 5[0],
    lambda: {}["k"], lambda: [1][5], lambda: undefined_name, lambda: int("q"), lambda: len(5),
    lambda: object().nope, lambda: (1, 2).append(3), lambda: "abc".foo(), lambda: 1 < "a",
    lambda: abs("x"), lambda: ord("ab"), lambda: chr(-1), lambda: [].pop(), lambda: divmod(1, 0),
    lambda: list(1), lambda: {}.fromkeys(1), lambda: int(None), lambda: float([]),
    lambda: "%d" % "x", lambda: (lambda a: a)(), lambda: (lambda a: a)(1, 2), lambda: (lambda: 0)(x=1),
    lambda: [].sort(key=1), lambda: next(iter([])), lambda: iter(None), lambda: hash([]),
    lambda: -"a", lambda: ~1.5, lambda: 2 ** "a", lambda: b"a" + "a", lambda: "a" * "b",
    lambda: getattr(1, "x"), lambda: setattr(1, "x", 2), lambda: min([]), lambda: max(),
    lambda: sum(["a"]), lambda: tuple(5), lambda: dict(5), lambda: [1, 2].index(3), lambda: "".join([1]),
    lambda: sorted([1, "a"]), lambda: round("a"), lambda: 1 .__foo__,
]
for i, t in enumerate(tests):
    try:
        t()
        print(i, "no error")
    except Exception as e:
        print(i, type(e).__name__, e)
