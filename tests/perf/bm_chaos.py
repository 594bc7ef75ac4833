# Chaos game: iterated function system with a deterministic LCG, counting hits per grid cell.
def lcg(seed):
    while True:
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        yield seed
def chaos(n):
    verts = [(0.0, 0.0), (1.0, 0.0), (0.5, 0.866)]
    grid = [[0] * 32 for _ in range(32)]
    x, y = 0.3, 0.3
    rnd = lcg(42)
    for _ in range(n):
        vx, vy = verts[next(rnd) % 3]
        x = (x + vx) * 0.5
        y = (y + vy) * 0.5
        grid[int(y * 31.99 / 0.866) if y < 0.866 else 31][int(x * 31.99)] += 1
    filled = sum(1 for row in grid for c in row if c)
    return filled, max(max(row) for row in grid)
print(chaos(1250000))
