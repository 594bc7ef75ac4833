# Mandelbrot set membership counts on a grid, float arithmetic only (no complex type needed).
def mandel(w, h, iters):
    inside = 0
    total = 0
    for j in range(h):
        ci = -1.2 + 2.4 * j / h
        for i in range(w):
            cr = -2.0 + 3.0 * i / w
            zr = zi = 0.0
            n = 0
            while n < iters and zr * zr + zi * zi < 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2 * zr * zi + ci
                n += 1
            total += n
            if n == iters:
                inside += 1
    return inside, total
print(mandel(240, 180, 80))
