# Vertical tab and form feed are whitespace between tokens and count one column.
x = 1+2
if x:
   print(x)
   print(x + 1)
