# A newline inside an f-string's replacement field: the lexer re-reads the field text after
# the string and counts its newlines again.
x = 1
w = 2
print(f"""{x
+ 1}""")
print(f"""{
x}""" f"{
w}")
print(f"""{x:{w
}}""")
print("after")
