# Module-level code only: statements run top to bottom, names are globals.
x = 1
y = x + 2
print("x", x, "y", y)
z = x * y - 7
print(z)
print("done", x, y, z)
