# Generators abandoned by break, exhausted by for, and closed explicitly: finally runs when closed.
def g(tag):
    try:
        for i in range(5):
            yield i
    finally:
        print("finally", tag)
for v in g("exhausted"):
    pass
gen = g("broken")
for v in gen:
    if v == 1:
        break
print("after break, v =", v)
gen.close()
gen2 = g("never started")
gen2.close()
print("done")
