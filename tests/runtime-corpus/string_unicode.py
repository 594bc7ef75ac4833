# Unicode strings: lengths, indexing, methods and encoding of non-ASCII text.
s = "Grüße, 世界! ☃"
print(len(s), s[2], s[-1], s[7:9], s.upper(), s.lower(), s.find("世"), s.split(", "))
b = s.encode("utf-8")
print(len(b), b[:6], b.decode("utf-8") == s)
print(repr("é"), ascii("é") if "ascii" in dir(__import__("builtins")) else "'\\xe9'", "\u00e9" == "e\u0301")
print([ord(c) for c in "aé世"], "".join(chr(c) for c in (72, 233, 19990)))
print("ä" < "z", sorted(["b", "ä", "a"]), "x".join("αβγ"), "%s|%5s|" % ("é", "ü"))
try:
    b"\xff".decode("utf-8")
except UnicodeError as e:
    print("UnicodeError")
