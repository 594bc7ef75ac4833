# A tiny ray tracer: spheres, a plane, diffuse shading with one light; prints a checksum.
import math
class Vec:
    def __init__(self, x, y, z):
        self.x, self.y, self.z = x, y, z
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)
    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)
    def scale(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)
    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z
    def norm(self):
        return self.scale(1.0 / math.sqrt(self.dot(self)))
class Sphere:
    def __init__(self, c, r, col):
        self.c, self.r, self.col = c, r, col
    def hit(self, orig, d):
        oc = orig - self.c
        b = oc.dot(d)
        c = oc.dot(oc) - self.r * self.r
        disc = b * b - c
        if disc < 0:
            return None
        t = -b - math.sqrt(disc)
        return t if t > 1e-4 else None
    def normal(self, p):
        return (p - self.c).norm()
scene = [Sphere(Vec(0, 0, 5), 1.0, 0.9), Sphere(Vec(1.5, 0.5, 6), 0.7, 0.6), Sphere(Vec(-1.5, -0.5, 4.5), 0.5, 0.8),
         Sphere(Vec(0, -101, 5), 100.0, 0.4)]
light = Vec(-3, 5, -2).norm()
def trace(orig, d, depth):
    best, obj = 1e30, None
    for s in scene:
        t = s.hit(orig, d)
        if t is not None and t < best:
            best, obj = t, s
    if obj is None:
        return 0.1
    p = orig + d.scale(best)
    n = obj.normal(p)
    shade = max(0.0, n.dot(light))
    for s in scene:
        if s is not obj and s.hit(p, light) is not None:
            shade *= 0.3
            break
    col = obj.col * (0.2 + 0.8 * shade)
    if depth < 2:
        r = d - n.scale(2 * d.dot(n))
        col = 0.8 * col + 0.2 * trace(p, r, depth + 1)
    return col
def render(w, h):
    total = 0
    for j in range(h):
        for i in range(w):
            d = Vec((i - w / 2) / w, (j - h / 2) / h, 1.0).norm()
            total += int(trace(Vec(0, 0, 0), d, 0) * 255)
    return total
print(render(192, 144))
