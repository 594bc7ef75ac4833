# Lexer corners the reference handles its own way: soft keywords as names after ';',
# non-ASCII identifiers kept as written, lone surrogate escapes, f-strings joined to plain
# strings (the plain part is a format string too), bare '*' parameters.
x = 1; match = 2; case = 3; type = 4
print(x, match, case, type)
ϵ = 5
print(ϵ)
s = "a\ud800b"
print(len(s))
fmt = "<{{}}>" f"-{x}-"
print(fmt)
print(f"{x=}", f"{x!r:>4}", f"{(x + 1)}", f"{[x][0]}")


def f(*):
    return "bare star"


g = lambda *: "lambda bare star"
print(f(), g())
print(1__0, 1_, 0x_1, 1_.5)
