# Indexing and slicing of str, including negative steps and out-of-range bounds.
s = "abcdefghij"
print(s[0], s[-1], s[3:7], s[:3], s[7:], s[-3:], s[:-3], s[100:], s[-100:2])
print(s[2:2], s[5:1])
try:
    s[::2]
except NotImplementedError as e:
    print("NotImplementedError", e)
try:
    s[10]
except IndexError as e:
    print("IndexError", e)
try:
    s[0] = "x"
except TypeError as e:
    print("TypeError", e)
u = "héllo wörld €"
print(len(u), u[1], u[-1], u[2:5], u.upper(), u.encode())
print(ord("€"), chr(8364), chr(0x1F600).encode(), "\u00e9" == "é")
