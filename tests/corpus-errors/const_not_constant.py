from micropython import const
y = 1
X = const(y)
