# Unbounded recursion raises RuntimeError (maximum recursion depth exceeded), caught here.
def down(n):
    return down(n + 1) + 1
try:
    down(0)
except RuntimeError as e:
    print("RuntimeError", e)
def mutual_a(n):
    return mutual_b(n + 1)
def mutual_b(n):
    return mutual_a(n + 1)
try:
    mutual_a(0)
except RuntimeError as e:
    print("RuntimeError", e)
def fine(n):
    return 0 if n == 0 else 1 + fine(n - 1)
print(fine(50))
