x = 1
print(
    t"a}b"
)
