# runtime: heapsize=64k
# Growing a dict and a list near the top of a 64 KiB heap: an outgrown table is freed at once
# (as MicroPython's m_del/m_renew), so what is allocated next fills its hole instead of pushing
# the next, bigger table out of reach (a dict of 600 formatted keys fit on the reference, not
# on mpyc-run while old tables waited for the collector).
import gc

d = {}
for i in range(600):
    d["v%d" % i] = i
print(len(d), d["v599"], sum(d.values()))
del d
gc.collect()
l = []
for i in range(1000):
    l.append(i * 3)
print(len(l), l[-1], sum(l))
