# Uncaught TypeError from a lambda called through map.
f = lambda x: x + "s"
print(list(map(f, ["a", "b"])))
print(list(map(f, [1])))
