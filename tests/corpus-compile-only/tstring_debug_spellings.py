# Debug fields and conversions of t-strings as MicroPython's lexer reads them.
x = 1
y = 2
print(t"{x=}")
print(t"{ x=}")
print(t"{x=!s}")
print(t"{x=:>4}")
print(t"{x}{y!r}{x + y=}")
print(t"""{x=}
{y}""")
print(t"a{{b}}c")
