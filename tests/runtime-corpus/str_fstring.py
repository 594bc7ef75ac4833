# f-strings: expressions, conversions, nested specs.
x, name, pi = 42, "mpy", 3.14159
w = 8
print(f"{x} {name!r} {pi:.2f} {x:>{w}} {x * 2 + 1} {name.upper()}")
print(f"{'nested'} {[i for i in range(3)]} {x:#x} {x:08b} {{braces}}")
print(f"{x=}" if False else f"x={x}")
d = {"k": 1}
print(f"{d['k']} {len(name)} {pi!s} {-x:+}")
