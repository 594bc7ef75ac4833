# A line continuation inside the indentation: the column starts again on the next line.
if 1:
    x = 1
  \
    y = 2
print(x, y)
if x:
    \
    print(y)
