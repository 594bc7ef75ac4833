# Escape sequences in strings.
print("tab\there", "new\nline", "back\\slash")
print("\x41\x42\x43", "\101\102", "\0" == "\x00")
print("\u00e9\u4e2d", "\U0001F600" == "😀")
print("\a\b\f\v\r" == "\x07\x08\x0c\x0b\x0d")
print(r"raw\n\t", r'\d+', len(r"\\"))
print("unknown \q escape", len("\q"))
print("line \
continued")
print('''tri\
ple''')
print(repr("quote ' and \""))
