# A preallocated exception, its traceback emptied with `e.__traceback__ = None`, can be raised
# again with the heap locked: its traceback reuses the room of the first raise.
import io
import sys
import micropython

exc = ValueError("pre")
try:
    raise exc
except ValueError:
    pass


def fire(n):
    global exc
    exc.__traceback__ = None
    if n:
        fire(n - 1)
    else:
        raise exc


def test():
    micropython.heap_lock()
    try:
        fire(0)
    except ValueError:
        caught = True
    micropython.heap_unlock()
    return caught


print(test())
buf = io.StringIO()
sys.print_exception(exc, buf)
for line in buf.getvalue().split("\n"):
    print(repr(line.split('"')[-1]))
try:
    exc.__traceback__
except AttributeError:
    print("AttributeError: no __traceback__ to read")


class MyError(Exception):
    pass


m = MyError()
m.__traceback__ = None
print(m.__traceback__)
try:
    exc.__traceback__ = 1
except (AttributeError, TypeError) as e:
    print(type(e).__name__)
try:
    exc.other = None
except AttributeError as e:
    print("AttributeError")
