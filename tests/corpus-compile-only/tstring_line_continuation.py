# A backslash-newline inside a t-string: MicroPython's lexer re-reads the t-string's text and
# counts that newline a second time, so every later line number moves down by one.
first = 1
second = 2
print(repr(t"alpha \
beta"))
print(t"one\
two\
three {first}")
print(t"{first}a\
b{second}c\
")
print(t"""{first:\
>4}""")
print("after", first, second)


def later():
    return t"x\
y"


print(later())
