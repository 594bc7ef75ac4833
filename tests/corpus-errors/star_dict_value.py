# A starred dict value: MicroPython's parser wants a `test` there.
a = [1]
d = {1: (*a,)}
e = {1: *a}
