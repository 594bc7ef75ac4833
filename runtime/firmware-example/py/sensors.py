# Sensor helpers, frozen with main.py. Average keeps its storage preallocated so that adding a
# reading never allocates: it is called from the interrupt-scheduled callback, heap locked.


class Average:
    def __init__(self, n):
        self.buf = [0] * n
        self.n = n
        self.count = 0

    def add(self, v):
        self.buf[self.count % self.n] = v
        self.count += 1

    def mean(self):
        k = min(self.count, self.n)
        return sum(self.buf[:k]) // k if k else 0

    def last(self):
        return self.buf[(self.count - 1) % self.n] if self.count else None
