# f-string spellings MicroPython's lexer reads differently from CPython: an escaped `{` is
# text, `{{` inside a format spec is no nested field, a lone `}` is text.
x = 1
w = 3
print(f"\{x}")
print(rf"\{x}")
print(f"{x:{{}}}")
print(f"{x:{w}{{literal}}}")
print(f"{{}")
print(f"}")
print(f"{x}}")
print(f"\\{x}")
print(f"a{x}" "b}")
