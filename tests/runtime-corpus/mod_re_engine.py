# re: re1.5 compilation (refused patterns), matching with classes, repeats (greedy and
# lazy), alternation, groups, anchors, search/match positions, split and sub.
import re

for p in ["*", "a**", "(", ")", "a)", "[a", "\\", "a{2}", "(?:a)", "[]", "[^]a]", "a|*", "(a|b",
          "x" * 300, "(" * 70 + ")" * 70, "(a)" * 64, "(a)" * 63, "[" + "a" * 130 + "]"]:
    try:
        re.compile(p)
        print(repr(p)[:20], "ok")
    except Exception as e:
        print(repr(p)[:20], type(e).__name__, e)


def show(m):
    if m is None:
        return None
    out = []
    i = 0
    while True:
        try:
            out.append(m.group(i))
        except IndexError:
            return out
        i += 1


cases = [
    ("a.c", "abc"), ("a.c", "a\nc"), ("[a-c]+", "abcd"), ("[^a-c]+", "xyzab"), ("\\d+", "12ab"),
    ("\\D+", "ab12"), ("\\w+", "a_1-"), ("\\W+", "-+a"), ("\\s+", " \t\nx"), ("\\S+", "ab c"),
    ("[\\d\\s]+", "1 2 3x"), ("[a\\-z]+", "a-z"), ("[]a]", "]"), ("a*?b", "aaab"), ("a+?", "aaa"),
    ("a??b", "ab"), ("(a|b)*c", "ababc"), ("(a)(b)?(c)", "ac"), ("(?:ab)+", "ababx"),
    ("^ab$", "ab"), ("^ab$", "abc"), ("a$", "ba"), ("x|y|z", "z"), ("(x|)(y)", "y"),
    ("\\.\\*", ".*"), ("[0-9a-fA-F]+", "DeadBeefg"), ("é+", "ééa"), ("(a|ab)(c|bcd)(d*)", "abcd"), ("a{2}", "a{2}"),
]
for p, s in cases:
    print(p, repr(s), show(re.match(p, s)), show(re.search(p, "__" + s)))
for p, s in (("b", b"abc"), (b"[b-c]+", b"abcd")):
    print(show(re.search(p, s)))
r = re.compile("b+")
print(show(r.match("abbb")), show(r.match("abbb", 1)), show(r.search("abbbcb", 2, 3)), show(r.search("ab", 5)))
print(show(r.match("abbb", -3)), show(r.search("bbb", 1, 0)), show(re.compile("^b").search("ab", 1)))
print(r.split("abbcbbbd"), r.split("abbcbbbd", 1), r.split(""), re.compile("x*").split("axb"))
try:
    re.compile("(b)").split("abc")
except NotImplementedError as e:
    print("NotImplementedError", e)
print(re.sub("a", "b", "banana"), re.sub("(an)", "<\\1>", "banana", 1), re.sub("x", "y", "abc"))
print(re.sub("(a)(n)?", "[\\2\\g<1>]", "banana"), re.sub("n", "\\\\", "ana"), re.sub("n", "\\q", "ana"))
print(re.sub("(\\d+)", lambda m: str(int(m.group(1)) * 2), "a1b22c333"), r.sub("-", "abbcb"))
print(re.sub(b"a", b"o", b"banana"), re.sub("a*", "-", "baac"))
for f, args in ((re.sub, ("(a)", "\\2", "a")), (re.match("(a)", "a").group, (2,)), (re.match, (1, "a")),
                (re.match, ("a", 1)), (re.sub, ("a", lambda m: 5, "a")), (re.search, ("a", bytearray(b"a"))),
                (re.match, ("(a*)*b", "aab")), (re.match("[é]", "é").group, (0,))):
    try:
        print(f(*args))
    except Exception as e:
        print(type(e).__name__, e)
m = re.match("(a)", "a")
print(m, type(m).__name__, type(r).__name__, re.match("a", "b"))
print(re.search("a" * 5, "a" * 400 + "b") is None, re.search("c", "ab" * 500))
