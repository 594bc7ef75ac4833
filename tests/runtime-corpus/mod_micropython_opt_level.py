# micropython.opt_level governs code compiled at run time: asserts and __debug__ in exec/eval.
import micropython
src = "assert False, 'assert ran'\nresult = __debug__"
for level in (0, 1, 2, 3, 0):
    micropython.opt_level(level)
    ns = {}
    try:
        exec(src, ns)
        print(level, "no assert", ns["result"])
    except AssertionError as e:
        print(level, "AssertionError", e)
print(micropython.opt_level())
