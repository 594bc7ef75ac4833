# CircuitPython 10 has no t-strings: `t"..."` is a name followed by a string.
name = "x"
greeting = t"hello {name}"
