# Lists, dicts and sets in a 64 KiB heap (the runtime corpus's small-heap mode): what the
# reference runs in 64 KiB must run in mpyc-run's 64 KiB too (its start-up objects once took
# 40 KiB of it, leaving 23 KiB).
d = {}
for i in range(300):
    d[i] = i * i
print(len(d), d[0], d[299], sum(d.values()))
l = [i * 3 for i in range(1000)]
print(len(l), l[-1], sum(l))
rows = [[i, i // 2, i * 3] for i in range(150)]
print(len(rows), rows[-1], sum(r[2] for r in rows))
s = set(range(0, 600, 3))
print(len(s), 597 in s, 598 in s)
words = ["w" + str(i % 97) for i in range(200)]
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(len(counts), counts["w0"], counts["w96"], max(counts.values()))
print(len(d) + len(l) + len(rows) + len(s) + len(words))
