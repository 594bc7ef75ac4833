# An octal escape over 0o377 in a bytes literal (a str takes it).
x = "\777" + "\400"
y = b"\377" + rb"\777"
z = b"\400"
