x = 1
print(t"\{x}")
