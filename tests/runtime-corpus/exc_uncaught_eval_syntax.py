# A SyntaxError raised by eval at run time, uncaught: the traceback names the string's location.
print(eval("2 + 3"))
eval("x = = 1")
