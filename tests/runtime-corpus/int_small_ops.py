# Small-int arithmetic: every binary operator, with both signs.
vals = [-7, -3, -1, 0, 1, 2, 3, 7, 100]
for a in vals:
    row = []
    for b in vals:
        row.append(a + b)
        row.append(a - b)
        row.append(a * b)
        if b != 0:
            row.append(a // b)
            row.append(a % b)
    print(a, row)
print(-(-5), +5, ~5, ~-1, not 0, not 5)
