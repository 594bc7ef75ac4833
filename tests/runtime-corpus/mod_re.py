# re: match, search, groups, sub, split, compiled patterns.
import re
m = re.match(r"(\w+)-(\d+)", "item-42 rest")
print(m.group(0), m.group(1), m.group(2))
print(re.search(r"\d+", "abc 123 def").group(0), re.match(r"\d", "x") is None)
print(re.sub(r"\s+", " ", "a   b \t c"), re.sub(r"(\d)", r"<\1>", "a1b2"), re.compile(r",\s*").split("a, b,c"))
p = re.compile(r"^([a-z]+)@([a-z]+)\.com$")
for addr in ["bob@site.com", "bad@", "x@y.com"]:
    mm = p.match(addr)
    print(addr, (mm.group(1), mm.group(2)) if mm else None)
print(re.sub("a|b", lambda m: m.group(0).upper(), "abcab"))
