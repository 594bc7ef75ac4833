# Still an error in both flavours.
f(**a, *b)
