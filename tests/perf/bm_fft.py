# Recursive and iterative radix-2 FFT on complex numbers kept as (re, im) float pairs.
import math
def fft(re, im):
    n = len(re)
    j = 0
    for i in range(1, n):
        bit = n >> 1
        while j & bit:
            j ^= bit
            bit >>= 1
        j |= bit
        if i < j:
            re[i], re[j] = re[j], re[i]
            im[i], im[j] = im[j], im[i]
    size = 2
    while size <= n:
        ang = -2 * math.pi / size
        wr, wi = math.cos(ang), math.sin(ang)
        for start in range(0, n, size):
            cr, ci = 1.0, 0.0
            for k in range(size // 2):
                a = start + k
                b = a + size // 2
                tr = re[b] * cr - im[b] * ci
                ti = re[b] * ci + im[b] * cr
                re[b], im[b] = re[a] - tr, im[a] - ti
                re[a] += tr
                im[a] += ti
                cr, ci = cr * wr - ci * wi, cr * wi + ci * wr
        size *= 2
def run():
    n = 1024
    acc = 0.0
    for rep in range(120):
        re = [math.sin(i * 0.1 * (rep + 1)) for i in range(n)]
        im = [0.0] * n
        fft(re, im)
        acc += sum(abs(r) + abs(i) for r, i in zip(re, im))
    return "%.6e" % acc
print(run())
