# Closures: captured variables, cells, counters, loops creating closures.
def make_adder(n):
    def add(x):
        return x + n
    return add
add5 = make_adder(5)
print(add5(10), make_adder(-1)(1))
def counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c = counter()
c(); c()
print(c())
def outer():
    a = 1
    def middle():
        b = 2
        def inner():
            return a + b
        return inner
    return middle()()
print(outer())
fs = []
for i in range(3):
    def f(i=i):
        return i * 10
    fs.append(f)
print([f() for f in fs])
def param_cell(p):
    def g():
        return p * 2
    p += 1
    return g()
print(param_cell(4))
