x = y = 1
if x:
    pass
elif y:
    f() = 1
