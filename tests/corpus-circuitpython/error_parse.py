# A parser error: traceback without a scope name.
def f(:
    pass
