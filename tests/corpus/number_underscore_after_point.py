# Underscores after a decimal point: MicroPython's lexer drops them (ruff stops at them).
x = 1._
y = [2.__, 3._5, 4._e1]
print(x, y)
