# A starred slice bound: no rule of MicroPython's parser.
x = [1, 2, 3]
y = x[1:2]
z = x[1:*y]
