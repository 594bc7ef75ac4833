# Chained comparisons evaluate each operand once and short-circuit.
def v(x):
    print("eval", x)
    return x
print(1 < 2 < 3, 3 > 2 > 1, 1 < 3 < 2)
print(v(1) < v(2) < v(3))
print(v(3) < v(2) < v(1))
print(v(1) == v(1) != v(2) < v(5) <= v(5) >= v(4) > v(0))
a = 5
print(0 <= a < 10, 0 <= a < 3, a in [5] == True)
print(1 < 2 is not None)
