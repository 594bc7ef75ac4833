# micropython.schedule: a 4-deep queue, callbacks at jumps only (not straight-line code),
# one per pending check, no nesting, errors printed and swallowed, queue full from a callback.
import micropython

log = []


def cb(x):
    log.append(x)


def main():
    micropython.schedule(cb, 1)
    micropython.schedule(cb, 2)
    a = 1
    a = 2
    log.append("straight")
    for i in range(3):
        pass
    log.append("loop")
    print(log)


main()


def fill():
    n = 0
    try:
        for i in range(10):
            micropython.schedule(cb, i)
            n += 1
    except RuntimeError as e:
        print("full after", n, e.args)


log.clear()
fill()
for i in range(6):
    pass
print(log)


def outer(x):
    print("outer start", x)
    micropython.schedule(inner, x + 1)
    for i in range(3):
        pass
    print("outer end", x)


def inner(x):
    print("inner", x)


micropython.schedule(outer, 10)
for i in range(4):
    pass


def from_callback(x):
    n = 0
    try:
        for i in range(100):
            micropython.schedule(cb, i)
            n += 1
    except RuntimeError as e:
        print("in callback: full after", n, e)


micropython.schedule(from_callback, None)
for i in range(8):
    pass


def bad(x):
    raise ValueError("boom", x)


micropython.schedule(bad, 7)
micropython.schedule(5, 6)
micropython.schedule(print, "still running")
for i in range(5):
    pass
micropython.heap_lock()
micropython.schedule(cb, "locked")
micropython.heap_unlock()
log.clear()
for i in range(3):
    pass
print(log)
try:
    micropython.schedule(cb)
except TypeError as e:
    print(e)
try:
    micropython.schedule(cb, 1, x=2)
except TypeError as e:
    print(e)
micropython.schedule(print, "at exit")
print("end")
