# heap_lock: allocations raise MemoryError while locked; nesting depth returned by unlock.
import micropython
seen = False
micropython.heap_lock()
micropython.heap_lock()
try:
    x = [1, 2, 3]
except MemoryError:
    seen = True
first = micropython.heap_unlock()
second = micropython.heap_unlock()
print(first, second, "MemoryError seen:", seen)
l = [1, 2, 3]
print(l)
