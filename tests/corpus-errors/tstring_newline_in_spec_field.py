x = 1
w = 2
print(t"""{x:{w
}}""")
