a = [1]
print(len(a) and *a)
