# Nested handlers, exceptions raised in except and finally, exception variable lifetime.
def risky(n):
    if n == 0:
        raise ValueError("zero")
    return risky(n - 1)
try:
    risky(5)
except ValueError as e:
    print("deep", e)
try:
    try:
        raise ValueError("a")
    except ValueError:
        raise KeyError("from except")
except KeyError as e:
    print("KeyError", e)
try:
    try:
        raise ValueError("lost")
    finally:
        raise IndexError("from finally")
except IndexError as e:
    print("IndexError", e)
except ValueError as e:
    print("ValueError", e)
try:
    raise ValueError("x")
except ValueError as err:
    pass
try:
    print(err)
except NameError as e:
    print("NameError: err deleted after handler")
count = 0
while True:
    try:
        count += 1
        if count < 3:
            raise ValueError
        break
    except ValueError:
        continue
print("count", count)
try:
    raise Exception("multi")
except (TypeError, Exception) as e:
    print("tuple match", e)
