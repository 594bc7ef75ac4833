# A slice subscript of a bytearray or memoryview does not allocate the slice, and a slice
# store of the same length (or a shorter one) works in place: all with the heap locked.
# Growing past the bytearray's size allocates, so it fails while the heap is locked.
import micropython

b = bytearray(range(12))
m = memoryview(b)
src = b"xy"
r = None
x = None
for i in range(10):
    micropython.heap_lock()
    try:
        if i == 0:
            b[2:4] = b"ab"
        elif i == 1:
            m[6:8] = src
        elif i == 2:
            m[8:10] = src
        elif i == 3:
            b[10:] = b"Z"
        elif i == 4:
            del b[0:1]
        elif i == 5:
            x = m[3]
        elif i == 6:
            b[0:1] = b"0123456789"
        elif i == 7:
            b[1:2] = [1, 2]
        elif i == 8:
            x = b[1:3]
        else:
            m[:2] = src
        r = None
    except MemoryError:
        r = "MemoryError"
    micropython.heap_unlock()
    print(i, r, x, b)
# Unlocked: growing, shrinking, a source over the same bytes, a step, other element types.
b[0:2] = b"----"
print(b)
b[1:3] = b
print(b)
b[:] = m[1:4]
print(b, len(b))
b[1:1] = bytearray(b"++")
print(b)
for step in (2, -1):
    try:
        b[::step] = b"AB"
    except NotImplementedError as e:
        print("NotImplementedError", e)
    try:
        print(b[::step])
    except NotImplementedError as e:
        print("NotImplementedError", e)
print(b[1:-1], b[-2:], b[5:1])
try:
    b[0:1] = 5
except NotImplementedError as e:
    print("NotImplementedError", e)
try:
    b[0:1] = "ab"
except NotImplementedError as e:
    print("NotImplementedError", e)
import array

try:
    b[0:1] = array.array("h", [1])
except ValueError as e:
    print("ValueError", e)
b[0:2] = array.array("B", [65, 66])
print(b)
ar_b = bytearray(4)
ar_b.extend(b"12")
ar_b.append(51)
print(ar_b, ar_b[1:3])
ar_r = bytearray(range(3))
micropython.heap_lock()
try:
    ar_r.extend(b"1")
except MemoryError:
    print("MemoryError: extend past the size of bytearray(range(3))")
micropython.heap_unlock()
print(ar_r)
