# Float-heavy objects: points normalised and reduced, as in the classic float benchmark.
import math
class Point:
    def __init__(self, i):
        self.x = x = math.sin(i)
        self.y = math.cos(i) * 3
        self.z = (x * x) / 2
    def normalize(self):
        n = math.sqrt(self.x * self.x + self.y * self.y + self.z * self.z)
        self.x /= n
        self.y /= n
        self.z /= n
    def maximize(self, o):
        self.x = self.x if self.x > o.x else o.x
        self.y = self.y if self.y > o.y else o.y
        self.z = self.z if self.z > o.z else o.z
        return self
def bench(n):
    pts = [Point(i) for i in range(n)]
    for p in pts:
        p.normalize()
    m = pts[0]
    for i in range(1, len(pts)):
        m = m.maximize(pts[i])
    return "%.9f %.9f %.9f" % (m.x, m.y, m.z)
for _ in range(150):
    r = bench(2000)
print(r)
