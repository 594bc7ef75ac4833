# An uncaught exception at module level: traceback on stderr, exit status 1.
print("before")
x = [1, 2, 3]
print(x[10])
print("never")
