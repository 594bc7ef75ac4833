a = [1]
b = 2
if b < *a:
    pass
