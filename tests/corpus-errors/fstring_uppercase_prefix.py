# String prefixes are lowercase to MicroPython's lexer: `F` is a name before a string.
name = "x"
a = f"{name}" rf"{name}"
b = F"{name}"
