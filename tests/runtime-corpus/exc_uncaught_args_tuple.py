# Uncaught exceptions with a non-string argument and with a tuple of arguments.
def check(v):
    if v > 2:
        raise OSError(5, "I/O trouble", "extra")
    return v
print([check(i) for i in range(3)])
check(3)
