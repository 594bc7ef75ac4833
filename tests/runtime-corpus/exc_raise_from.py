# raise ... from ...: cause, chaining in handlers, and re-raising with bare raise.
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError("wrapped") from e
except ValueError as e:
    print("ValueError", e, type(e.__cause__).__name__ if hasattr(e, "__cause__") else "no __cause__")
def reraise():
    try:
        raise KeyError("orig")
    except KeyError:
        print("handling")
        raise
try:
    reraise()
except KeyError as e:
    print("re-raised", e)
try:
    raise TypeError("a") from None
except TypeError as e:
    print("from None", e)
try:
    try:
        raise OSError("first")
    except OSError:
        raise RuntimeError("second")
except RuntimeError as e:
    print("second caught", e)
