# An exception raised while handling another one, uncaught.
try:
    1 / 0
except ZeroDivisionError:
    print("handling")
    {}["k"]
