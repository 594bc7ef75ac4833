# f-strings: expressions, format specs, conversions, nesting, joining.
x = 42
name = "world"
print(f"hello {name}")
print(f"{x} {x + 1} {x * 2:5d}|{x:<6}|{x:>6}|{x:^6}|")
print(f"{3.14159:.2f} {x:x} {x:08b}")
print(f"{name!r} {name!s}")
w = 8
print(f"{x:{w}}|")
print(f"{{literal}} {x}")
print(f"a" "b" f"{x}" "c")
print(f"""{name}
{x}""")
d = {"k": 1}
print(f"{d['k']} {len(name)}")
