# runtime: heapsize=64k
# Under a 64 KiB heap, a huge allocation raises MemoryError, which the program catches and
# then keeps running with the memory it frees.
import gc
try:
    big = bytearray(1000000)
except MemoryError:
    print("MemoryError for bytearray")
try:
    lst = [0] * 200000
except MemoryError:
    print("MemoryError for list")
chunks = []
try:
    while True:
        chunks.append(bytearray(1000))
except MemoryError:
    n = len(chunks)
    print("filled", n > 10)
chunks = None
gc.collect()
ok = [bytearray(1000) for _ in range(10)]
print("recovered", len(ok))
