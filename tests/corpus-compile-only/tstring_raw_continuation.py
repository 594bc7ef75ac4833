# Raw t-strings keep the backslash: a triple-quoted one may hold backslash-newline and counts
# no extra line.
value = 5
print(rt"""a\
b{value}""")
print(rt"\d+{value}\w")
print("line after")
