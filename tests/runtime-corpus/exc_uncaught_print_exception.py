# sys.print_exception to stdout (default and explicit) and stderr; a class instance with a
# write method is not a stream: OSError, uncaught.
import sys
def f(x):
    return x["k"]
try:
    f({})
except KeyError as e:
    sys.print_exception(e)
    sys.print_exception(e, sys.stdout)
    sys.print_exception(e, sys.stderr)
class W:
    def write(self, s):
        print("W got", len(s), s.splitlines()[-1])
try:
    f(None)
except TypeError as e:
    sys.print_exception(e, W())
