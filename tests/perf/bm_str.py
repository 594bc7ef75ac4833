# String building and scanning: concatenation, join, slicing, find, replace, formatting.
def build(n):
    parts = []
    for i in range(n):
        parts.append("item%d:%s;" % (i, "x" * (i % 7)))
    return "".join(parts)
def scan(s):
    count = 0
    pos = 0
    while True:
        pos = s.find("xxx", pos)
        if pos < 0:
            break
        count += 1
        pos += 3
    return count
total = 0
for rep in range(10):
    s = build(4000)
    s2 = s.replace("item", "I").upper()
    total += scan(s) + len(s2) + s2.count(";") + len(s[::7] if False else s[100:2000])
print(total)
