# Unary operators.
a = 5
print(-a, +a, ~a, not a)
print(- -a, ~~a, not not a)
print(-2.5, +2.5, -(-2.5))
b = 0
print(not b, -b, ~b)
print(-(2**70), ~(2**70))
c = [1]
print(not c, not [])
print(-True, ~False)
