# RingIO under heap_lock: write, any and readinto do not allocate; read does.
import micropython
def f():
    r3 = micropython.RingIO(4)
    r3.write(b"ab")
    buf = bytearray(3)
    data = b"qq"
    micropython.heap_lock()
    n = r3.write(data)
    m = r3.any()
    k = r3.readinto(buf)
    try:
        r3.read(1)
    except MemoryError:
        e = 1
    micropython.heap_unlock()
    print(n, m, k, buf, e)
f()
