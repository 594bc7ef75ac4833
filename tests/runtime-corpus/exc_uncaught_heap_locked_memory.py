# A MemoryError from an allocation under heap_lock, never caught.
import micropython


def grow(n):
    return [n] * n


micropython.heap_lock()
grow(3)
