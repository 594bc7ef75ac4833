# Word frequencies over generated text: str.split, dict counting, sorting by count then word.
def text(n):
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"]
    seed = 7
    out = []
    for _ in range(n):
        seed = (seed * 69069 + 1) & 0xFFFFFFFF
        w = words[(seed >> 16) % len(words)]
        if seed & 0x100:
            w = w.upper()
        out.append(w)
        if seed & 0x7 == 0:
            out.append("\n")
    return " ".join(out)
def count(t):
    freq = {}
    for line in t.split("\n"):
        for w in line.split():
            w = w.lower()
            freq[w] = freq.get(w, 0) + 1
    return sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
t = text(15000)
for _ in range(60):
    res = count(t)
print(res[:4], len(res))
