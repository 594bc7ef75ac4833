# Statements and expressions spread over several lines: the line table must follow them.
a = (1 +
     2 +
     3)
print(a)
b = [
    1,
    2.5,
    "three",
]
print(b)
c = {
    "k": 1,

    "m": 2,
}
print(sorted(c.items()))
def f(x,
      y=2,
      *rest):
    return (x
            + y
            + len(rest))
print(f(1,
        2,
        3,
        4))
total = 1 + \
    2 + \
    3
print(total)
if (a > 1 and
        b):
    print("multi-line condition")
s = ("long string part one "
     "and part two")
print(s)
x = [i
     for i in range(3)
     if i]
print(x)



# blank lines and comments above


print("end of line table test")
