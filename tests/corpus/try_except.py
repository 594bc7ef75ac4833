# try / except / else / finally, raise, re-raise, exception chaining.
def div(a, b):
    try:
        r = a // b
    except ZeroDivisionError:
        print("div by zero")
        return None
    else:
        print("no error")
        return r
    finally:
        print("finally", a, b)
print(div(7, 2), div(1, 0))
try:
    [][1]
except (KeyError, IndexError) as e:
    print("caught", type(e).__name__)
try:
    try:
        raise ValueError("inner")
    except ValueError:
        raise
except ValueError as e:
    print("re-raised", e)
try:
    raise TypeError("a") from None
except TypeError as e:
    print("from None", e)
try:
    int("x")
except:
    print("bare except")
def loop_finally():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print("fin", i)
    return "done"
print(loop_finally())
def ret_in_finally():
    try:
        return "try"
    finally:
        print("cleanup")
print(ret_in_finally())
