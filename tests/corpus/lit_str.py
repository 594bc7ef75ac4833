# String literals: short ones (qstrs), long ones (str objects), empty, quotes of every kind.
print("")
print("a", 'b', "short", 'ten chars!')
print("eleven char", "a much longer string literal that is not a qstr")
print("""triple double""", '''triple single''')
print("""multi
line
string""")
s = "print"
t = "a much longer string literal that is not a qstr"
print(s, t, len(t))
print('it\'s', "say \"hi\"")
