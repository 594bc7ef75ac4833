a = [1]
b = 2
c = b if not *a else 0
