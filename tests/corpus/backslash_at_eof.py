# A backslash as the very last character continues into the end of input.
print('ok')
\