# Subscript load, store and delete on lists, dicts, strings and tuples.
l = [10, 20, 30, 40]
print(l[0], l[-1], l[1 + 1])
l[0] = 11
l[-1] = 44
print(l)
del l[1]
print(l)
d = {}
d["a"] = 1
d[2] = "two"
d[(1, 2)] = "tuple"
print(d["a"], d[2], d[1, 2])
del d["a"]
print("a" in d, len(d))
m = [[1, 2], [3, 4]]
m[1][0] = 30
print(m[1][0], m[0][1])
print("hello"[1], (5, 6, 7)[2])
