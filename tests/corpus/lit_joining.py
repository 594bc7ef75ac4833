# Adjacent string literals are joined by the parser.
print("a" "b" "c")
print("short" "er" " and then a long tail")
print(b"by" b"tes")
print(("multi "
       "line "
       "joined"))
print(r"\raw" "\tnot raw")
print("""tri""" 'single' "double")
x = ("0123456789"
     "0123456789")
print(x, len(x))
