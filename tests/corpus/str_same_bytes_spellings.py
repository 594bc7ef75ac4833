# One string, one qstr or constant, however its bytes were spelled: a name, source bytes, escapes.
Ã©Ã©Ã©Ã©Ã©Ã© = 1
x = "Ã©Ã©Ã©Ã©Ã©Ã©"
y = "\ud800í €"
z = "í €í €í €í €"
w = "\ud800\ud800\ud800\ud800"
print(len(x), len(y), len(z), len(w), z == w)
