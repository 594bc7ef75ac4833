# str.format: positional, named, indexed, conversions, specs.
print("{} {} {}".format(1, "a", None))
print("{1} {0} {1}".format("x", "y"))
print("{a}-{b}".format(a=1, b=2))
print("{!r} {!s}".format("q", "q"))
print("{:5}|{:<5}|{:>5}|{:^5}|{:*^7}|".format(1, 2, 3, 4, 5))
print("{:5}|{:<5}|{:>5}|{:^5}|".format("a", "b", "c", "d"))
print("{:b} {:o} {:x} {:X} {:#x} {:#o} {:#b} {:,}".format(10, 10, 255, 255, 255, 8, 5, 1234567))
print("{:08.3f} {:+d} {: d} {:=+8d}".format(3.14159, 5, 5, -42))
print("{{literal}} {}".format(7), "{:d}".format(True))
for fmt in ["{:d}", "{", "{0} {1}"]:
    try:
        print(fmt.format("s"))
    except (ValueError, IndexError, KeyError) as e:
        print(type(e).__name__, e)
