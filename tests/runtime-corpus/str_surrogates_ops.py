# Text holding surrogates (chr(0xd800)..., their 3-byte UTF-8 form) through str operations:
# MicroPython reads it by structure; so does mpyc-run.
s = "a" + chr(0xD800) + "b" + chr(0xDFFF)
print(len(s), s[1:3] == s[1:3], s[-1] == chr(0xDFFF), s.find("b"), s.split("b"))
print([c for c in s] == list(s), s * 2 == s + s, s.startswith("a"), s.encode())
print('%s|%5s' % (s, s[:2]) == '%s|%5s' % (s, s[:2]), '{}'.format(s) == s, s.center(9) == s.center(9))
print(s.replace("b", "B") == s.replace("b", "B"), s.strip("a") == s[1:], ",".join([s, s]) == s + "," + s, s.count(chr(0xD800)))
print(sorted([s, "a", "z"])[0], {s: 1}[s], s in {s}, s < "zz", s.isalpha(), s.lower() == s.lower(), s.index("b"), s.rfind(chr(0xDFFF)))
print(repr(s), str(s.encode(), "utf8") if False else "", s.partition("b")[0] == "a" + chr(0xD800))
for i in range(-4, 4):
    print(i, repr(s[i]), ord(s[i]))
