# MicroPython 1.27's lexer (CircuitPython's) wraps each f-string field in parentheses, so an
# empty field is an empty tuple, where MicroPython 1.29 reports a malformed f-string.
x = 1
a = f"{}"
b = f"<{ }>"
c = f"{x}-{}"
d = f"{x:{}}"
print(a, b, c)
