# An f-string inside a replacement field: MicroPython 1.27's lexer (CircuitPython's) appends
# the inner fields after the outer `.format(...)` call, which changes what the code means.
x, width = 7, 4
print(f"[{f'<{x}>'}]")
triple = f"""{f'{x}'}"""
print(f"{f"{x}"}")
pair = f"{'n'}{f'{x!r}'}"
