# gc: collect, enable/disable/isenabled, mem_free/mem_alloc return ints (values vary).
# runtime: big-heap
import gc
gc.collect()
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
print(type(gc.mem_free()).__name__, type(gc.mem_alloc()).__name__, gc.mem_free() > 0)
garbage = [[i] * 10 for i in range(1000)]
before = gc.mem_alloc()
garbage = None
gc.collect()
print("freed", gc.mem_alloc() < before)
print(gc.collect() is None or isinstance(gc.collect(), int))
