# N-queens: count all solutions by backtracking over column and diagonal sets.
def solve(n):
    cols = [False] * n
    d1 = [False] * (2 * n)
    d2 = [False] * (2 * n)
    def place(row):
        if row == n:
            return 1
        total = 0
        for c in range(n):
            if not cols[c] and not d1[row + c] and not d2[row - c + n]:
                cols[c] = d1[row + c] = d2[row - c + n] = True
                total += place(row + 1)
                cols[c] = d1[row + c] = d2[row - c + n] = False
        return total
    return place(0)
print([solve(n) for n in range(4, 13)])
