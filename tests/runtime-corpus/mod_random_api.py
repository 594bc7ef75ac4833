# random: seeded sequences of every function, argument ranges and errors.
import random

def t(f, *a):
    try:
        return f(*a)
    except Exception as e:
        return "%s %s" % (type(e).__name__, e)

for seed in (0, 1, 42, -1, 2 ** 40 + 7, 2 ** 32 - 1):
    random.seed(seed)
    print(seed, [random.getrandbits(n) for n in (0, 1, 7, 16, 31, 32)])
    print([random.randrange(10) for _ in range(10)], [random.randrange(-5, 5) for _ in range(5)])
    print([random.randrange(0, 100, 7) for _ in range(5)], [random.randrange(10, 0, -3) for _ in range(5)])
    print([random.randint(-3, 3) for _ in range(8)], random.choice([1, 2, 3]), random.choice("xyz"))
    print(["%.15f" % random.random() for _ in range(3)], "%.10f" % random.uniform(-1, 1))
    print(random.choice((5,)), random.choice(range(100, 200)))
for args in ((33,), (-1,), ("1",)):
    print(t(random.getrandbits, *args))
for args in ((0,), (5, 5), (5, 1), (1, 10, 0), (1, 10, -1), (10, 1, 1)):
    print(args, t(random.randrange, *args))
print(t(random.randint, 5, 4), t(random.choice, []), t(random.choice, ""), t(random.seed, 1.5))
print(t(random.uniform, "a", 1), t(random.random, 1))
random.seed(7)
a = [random.getrandbits(32) for _ in range(3)]
random.seed(7)
print(a == [random.getrandbits(32) for _ in range(3)], sorted(dir(random))[-7:])
