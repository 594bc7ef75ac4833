# `try` with `else` and no `except`: the parser fails at the `else`.
def f():
    try:
        return 1
    else:
        if f:
            pass
        else:
            pass
    return 2
