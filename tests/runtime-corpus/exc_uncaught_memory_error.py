# runtime: heapsize=64k
# An uncaught MemoryError under a 64 KiB heap: the message names the failed allocation's size.
print("allocating")
data = bytearray(200000)
print("never")
