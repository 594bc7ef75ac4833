# with and try/finally unwinding through return, break, continue and exceptions, nested deeply.
log = []
class R:
    def __init__(self, n):
        self.n = n
    def __enter__(self):
        log.append("in" + self.n)
    def __exit__(self, *a):
        log.append("out" + self.n)
def f(mode):
    del log[:]
    for i in range(2):
        with R("a"):
            try:
                with R("b"):
                    if mode == "return":
                        return "r"
                    if mode == "break":
                        break
                    if mode == "continue":
                        continue
                    if mode == "raise":
                        raise ValueError
            finally:
                log.append("fin")
    return "end"
for mode in ["return", "break", "continue", "raise", "none"]:
    try:
        r = f(mode)
    except ValueError:
        r = "raised"
    print(mode, r, log)
