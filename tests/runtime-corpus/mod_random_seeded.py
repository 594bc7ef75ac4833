# random with a fixed seed: the generator's sequence is part of MicroPython's behaviour.
import random
random.seed(12345)
print([random.getrandbits(8) for _ in range(8)])
print([random.randrange(100) for _ in range(5)], random.randint(1, 6), random.choice("abcdef"))
r = random.random()
print(0 <= r < 1, "%.12f" % r, "%.6f" % random.uniform(1, 2))
random.seed(12345)
print(random.getrandbits(8))
