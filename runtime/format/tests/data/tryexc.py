import sys


def f(items):
    out = []
    for x in items:
        try:
            if x == 0:
                raise ValueError("zero")
            out.append(10 // x)
        except ZeroDivisionError as e:
            out.append(e)
            continue
        except (ValueError, TypeError):
            break
        else:
            out.append("ok")
        finally:
            out.append("fin")
    while True:
        try:
            with open("nofile") as fh:
                fh.read()
        except OSError:
            pass
        break
    try:
        raise KeyError("k") from None
    except KeyError:
        pass
    assert out, "empty"
    return out


print(f([1, 0, 2]))
del sys
