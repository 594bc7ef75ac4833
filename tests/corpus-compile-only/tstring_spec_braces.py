# Format specs of t-strings: any brace inside makes the spec an f-string of its own, and `{{`
# there is a nested level, not an escaped brace.
x = 42
width = 5
literal = "L"
print(t"{x:{width}{{literal}}}")
print(t"{x:{{}}}")
print(t"{x:>{width}}")
print(t"{x!r:{width}.{width}}")
print(t"{x:a\x41{width}b}")
print(t"""{x:a
b{width}}""")
print(t"{x:\n}")
print(rt"{x:\d{width}}")
