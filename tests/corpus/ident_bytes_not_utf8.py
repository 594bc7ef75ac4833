# Identifier bytes that are not UTF-8 are kept as they are.
café = 1
vÿþ = 2
print(café + vÿþ)
