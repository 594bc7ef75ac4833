# Generators: lazy evaluation, state across yields, exhaustion.
def countdown(n):
    print("start")
    while n > 0:
        yield n
        n -= 1
    print("end")
g = countdown(3)
print("created")
print(next(g))
print(list(g))
print(list(g))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(15)])
def gen_in_loop():
    for i in range(3):
        for j in range(2):
            yield i, j
print(list(gen_in_loop()))
print(type(g).__name__)
