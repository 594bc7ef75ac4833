# MicroPython's lexer reads bytes: these are not UTF-8 (café, ÿþ) and stay as they are.
x = 'café'
y = 'truncâ‚'
z = 'À¯ overlong, í € surrogate'
long = 'a longer string with é in it'
print(len(x), len(y), len(z), len(long))
print(x == 'café', x is 'café')
