# range objects: arguments, negative steps, indexing, slicing, len, membership.
print(list(range(5)), list(range(2, 8)), list(range(10, 0, -3)), list(range(0)), list(range(5, 1)))
r = range(1, 20, 4)
print(len(r), r[0], r[-1], r[1:3], list(r[::2]), 9 in r, 10 in r, r.start, r.stop, r.step)
print(range(3), range(1, 5, 2), range(0) == range(0), len(range(10 ** 6)))
try:
    range(1, 2, 0)
except ValueError as e:
    print("ValueError", e)
