# A constraint puzzle solver (in the spirit of hexiom): fill a grid so that every row and column
# sum matches, by backtracking with pruning; counts solutions.
def solve(n, target):
    grid = [[0] * n for _ in range(n)]
    rows = [0] * n
    cols = [0] * n
    count = 0
    def place(pos):
        nonlocal count
        if pos == n * n:
            count += 1
            return
        r, c = divmod(pos, n)
        for v in range(4):
            if rows[r] + v > target or cols[c] + v > target:
                break
            if c == n - 1 and rows[r] + v != target:
                continue
            if r == n - 1 and cols[c] + v != target:
                continue
            grid[r][c] = v
            rows[r] += v
            cols[c] += v
            place(pos + 1)
            rows[r] -= v
            cols[c] -= v
    place(0)
    return count
for _ in range(2):
    r = [solve(4, t) for t in range(1, 6)]
print(r)
