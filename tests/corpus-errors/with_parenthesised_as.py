# One parenthesised `with` item with `as` (Python 3.9): the parser fails at the `as`.
with (a) as b, (c) as d:
    pass
with (
    e as f
):
    pass
