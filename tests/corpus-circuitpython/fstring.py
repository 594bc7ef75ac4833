# f-strings that both flavours compile alike.
x, y, w = 3, "s", 6
print(f"a{x}b{y!r}c{x:>{w}}d{{}}e")
print(f"{x=}", f"{x,y}", f'{y}' "lit" f"{x}")
print(f"{{{x}}}", f"{{a", f"}}{x}")
