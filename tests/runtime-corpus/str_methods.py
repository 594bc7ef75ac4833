# str methods MicroPython provides.
s = "  Hello, World! hello  "
print(s.strip(), "|", s.lstrip(), "|", s.rstrip(), "|", s.strip(" Hd!"))
print(s.lower(), s.upper(), "abc".isalpha(), "a1".isalpha(), "123".isdigit(), " \t".isspace(), "AB".isupper(), "ab".islower())
print(s.find("llo"), s.find("llo", 5), s.rfind("llo"), s.find("zz"), s.index("W"), s.rindex("l"), s.count("l"), s.count("l", 10))
print("a,b,,c".split(","), "a b  c ".split(), "a,b,c".split(",", 1), "a,b,c".rsplit(",", 1), "x".split("x"))
print("-".join(["a", "b", "c"]), "".join([]), ", ".join(str(i) for i in range(4)))
print("hello".replace("l", "L"), "hello".replace("l", "L", 1), "aaa".replace("a", "bb"), "abc".replace("", "-"))
print("hello".startswith("he"), "hello".endswith("lo"), "hello".startswith(("x", "h")), "hello".startswith("l", 2))
print("abc".center(8), "abc".center(2), "42".zfill(5) if hasattr("", "zfill") else "00042")
print("a\nb\r\nc".splitlines(), "Hello".partition("l"), "Hello".rpartition("l"), "Hi".partition("z"))
print("hello world".title() if hasattr("", "title") else "Hello World", "hello".capitalize() if hasattr("", "capitalize") else "Hello")
print("x".join("abc"), "ab" * 3, 3 * "c", "b" in "abc", "abc" < "abd", "Z" < "a")
try:
    "abc".index("z")
except ValueError as e:
    print("ValueError", e)
