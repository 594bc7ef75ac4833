x = 1
print(rt"a\
b")
