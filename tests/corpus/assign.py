# Plain assignments, chained assignment, rebinding.
a = 1
b = c = d = 2
print(a, b, c, d)
e = f = [1]
e.append(2)
print(e, f, e is f)
a = a + 1
print(a)
x = y = z = "same"
print(x, y, z)
