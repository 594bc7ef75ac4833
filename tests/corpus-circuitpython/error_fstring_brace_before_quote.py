# MicroPython 1.27's lexer takes the character after an escaped `{{` as text, even the
# closing quote: the string runs on to the end of the line.
x = 1
y = f"{x} {{"
z = 2
