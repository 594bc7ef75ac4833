# Nested f-strings whose appended fields break the surrounding syntax: errors for
# CircuitPython's lexer.
x, width = 7, 4
values = (f"{'n'}{f'{x!r}'}",)
print(f"a{f'b{x:3}c':>{width}}d", "after")
