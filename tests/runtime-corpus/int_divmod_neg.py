# Floor division and modulo round towards minus infinity, for small and big ints.
pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (5, 7), (-5, 7)]
for a, b in pairs:
    print(a, b, a // b, a % b, divmod(a, b))
big = 2 ** 70 + 12345
for a, b in [(big, 7), (-big, 7), (big, -7), (-big, -7), (big, 2 ** 40), (-big, 2 ** 40 + 1)]:
    print(a // b, a % b, divmod(a, b))
try:
    1 // 0
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    5 % 0
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    divmod(big, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
