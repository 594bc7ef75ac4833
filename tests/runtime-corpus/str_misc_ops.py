# More str operations: comparisons, multiplication, membership, str() of containers, conversions.
print("abc" * 0, "abc" * -1, "-" * 10, "ab" + "cd", "a" < "b" < "c", "abc" == "abc", "abc" is not None)
print(str(123), str(-4.5), str([1, "a"]), str((None,)), str(b"x"), str(range(2)))
print("hello world".split(" ", 0) if False else "hello world".split(" "), "a\tb\nc d".split())
print("%s" % "x", "{}".format(["y"]), "abc".encode(), "mixed Case".swapcase() if hasattr("", "swapcase") else "MIXED cASE")
print(" x ".isspace(), "".isalpha(), "Ab1".isalnum() if hasattr("", "isalnum") else True, "\n".join(["l1", "l2"]))
s = ""
for ch in "build":
    s += ch.upper()
print(s, len(s), s.lower().count("u"), min("hello"), max("hello"), sorted("hello"), list(reversed("abc")))
print("abcabc".rfind("bc"), "abcabc".rfind("bc", 0, 4), "aaa".count("aa"), "abc".strip("ac"), "xxhixx".lstrip("x"), "xxhixx".rstrip("x"))
