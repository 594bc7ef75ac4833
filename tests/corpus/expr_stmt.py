"""Module docstring: dropped by the compiler."""
# Expression statements, lone constants, docstrings.
def f():
    """Function docstring."""
    return 1
1
"a lone string"
2.5
None
...
f()
len("x")
[1, 2]
(3, 4)
x = 5
x
-x
print(f(), f.__doc__ if hasattr(f, "__doc__") else "no __doc__")
