# eval, exec and compile on the runtime (a compiler is present on the unix port).
print(eval("1 + 2 * 3"), eval("x * 2", {"x": 21}), eval("[i for i in range(3)]"))
g = {}
exec("def sq(v):\n    return v * v\nres = sq(9)", g)
print(g["res"], g["sq"](3))
code = compile("a + b", "<expr>", "eval")
print(eval(code, {"a": 1, "b": 2}))
exec("print('exec prints')")
ns = {"n": 0}
exec("for i in range(4): n += i", ns)
print(ns["n"])
try:
    eval("1 +")
except SyntaxError as e:
    print("SyntaxError", type(e).__name__)
