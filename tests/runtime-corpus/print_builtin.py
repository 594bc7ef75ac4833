# print(): sep, end, several arguments, no arguments, nested containers, and file=sys.stdout.
import sys
print()
print(1, 2, 3, sep="-")
print("a", "b", sep="", end="|\n")
print("no newline", end="")
print(" then newline")
print([1, (2, "x"), {"k": [None, True]}], (1,), [], {}, set(), "s")
print("to stdout", file=sys.stdout)
print(*range(5), sep=", ")
print("tab\there", "quote'\"", "\\backslash")
print(repr("\n\t\x00\x7f\u1234"), repr(b"\n\t\x00\x7f"))
