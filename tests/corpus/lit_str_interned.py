# Strings longer than 10 bytes are qstrs only when that text is already interned
# (built-in names, the file name, earlier identifiers).
a_rather_long_identifier = 1
print("a_rather_long_identifier")
print("__contains__", "KeyboardInterrupt", "NotImplementedError")
print("lit_str_interned.py", "a string that was never interned")
def f():
    later_long_identifier_name = 2
    return later_long_identifier_name
print("later_long_identifier_name", f())
print("short", "exactly10!", "eleven char")
