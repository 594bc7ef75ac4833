# Calls that need no heap: class and static methods called on the class (no bound method is
# made), int.from_bytes to a small int, methods of instances; the heap is locked.
import micropython


class K:
    scale = 3

    @classmethod
    def make(cls, x):
        return x * cls.scale

    @staticmethod
    def add(a, b):
        return a + b

    def inst(self, y):
        return y - 1


class Sub(K):
    scale = 5


def run(out, k):
    out[0] = K.make(2)
    out[1] = Sub.make(2)
    out[2] = K.add(4, 5)
    out[3] = k.inst(10)
    out[4] = int.from_bytes(b"\x01\x02", "little")
    out[5] = k.make(1)


out = [None] * 6
k = K()
micropython.heap_lock()
run(out, k)
micropython.heap_unlock()
print(out)
