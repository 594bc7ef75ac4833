# Seeded random inputs for the json parser and the re compiler/matcher: every outcome (value,
# error type and message) must be the reference's. A small LCG keeps the inputs fixed.
import json
import re

state = 12345


def rnd(n):
    global state
    state = (state * 1103515245 + 12345) & 0x7FFFFFFF
    return (state >> 8) % n


def text(alphabet, n):
    return "".join(alphabet[rnd(len(alphabet))] for _ in range(rnd(n) + 1))




def value(depth):
    k = rnd(9 if depth < 3 else 6)
    if k == 0:
        return str(rnd(2000) - 1000)
    if k == 1:
        return "%d.%de%d" % (rnd(100), rnd(100), rnd(20) - 10)
    if k == 2:
        return '"' + text(["a", "b", "\\n", "\\u00e9", "\\\"", " ", "\\t", "z"], 5) + '"'
    if k == 3:
        return ["true", "false", "null"][rnd(3)]
    if k == 4:
        return '"' + text(["x", "y"], 3) + '"'
    if k == 5:
        return str(rnd(10))
    if k == 6:
        return "[" + ", ".join(value(depth + 1) for _ in range(rnd(4))) + "]"
    return "{" + ", ".join('"k%d": %s' % (rnd(5), value(depth + 1)) for _ in range(rnd(4))) + "}"


NOISE = ["{", "}", "[", "]", ",", ":", " ", '"', "-", ".", "e", "0", "\\", "x"]
for i in range(250):
    s = value(0)
    if rnd(3) == 0 and s:
        at = rnd(len(s))
        s = s[:at] + (NOISE[rnd(len(NOISE))] if rnd(2) else "") + s[at + 1 :]
    try:
        r = json.loads(s)
        print(i, repr(s), "->", sorted(r.items()) if type(r) is dict else r)
    except Exception as e:
        print(i, repr(s), type(e).__name__, e)

RE_ALPHA = ['a', 'b', '.', '*', '+', '?', '|', '(', ')', '[', ']', '^', '$', '\\d', '\\w', '-', '(?:', 'c']
SUBJ_ALPHA = ['a', 'b', 'c', '1', ' ', '-', 'ab']
for i in range(250):
    p = text(RE_ALPHA, 8)
    s = text(SUBJ_ALPHA, 6)
    try:
        r = re.compile(p)
    except Exception as e:
        print(i, repr(p), type(e).__name__, e)
        continue
    out = []
    for f in (r.match, r.search):
        try:
            m = f(s)
            out.append(None if m is None else m.group(0))
        except Exception as e:
            out.append(type(e).__name__)
    try:
        out.append(r.sub("<\\0>", s))
    except Exception as e:
        out.append(type(e).__name__)
    print(i, repr(p), repr(s), out)
