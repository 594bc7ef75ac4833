# global and nonlocal declarations.
g = 1
def read_global():
    return g
def write_global():
    global g
    g = 2
def new_global():
    global created
    created = "made"
print(read_global())
write_global()
print(g, read_global())
new_global()
print(created)
def outer():
    x = "outer"
    def inner():
        nonlocal x
        x = "inner"
    inner()
    return x
print(outer())
def deep():
    v = 0
    def a():
        def b():
            nonlocal v
            v += 5
        b()
    a()
    return v
print(deep())
