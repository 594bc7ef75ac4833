# Generator throw() and close(): handled, unhandled, finally blocks and GeneratorExit.
def g1():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("caught", e)
        yield 99
    finally:
        print("finally g1")
g = g1()
print(next(g), g.throw(ValueError("boom")))
g.close()
g = g1()
next(g)
try:
    g.throw(KeyError("k"))
except KeyError as e:
    print("propagated KeyError", e)
def g2():
    try:
        yield 1
    except GeneratorExit:
        print("GeneratorExit seen")
        raise
g = g2()
next(g)
g.close()
g.close()
def g3():
    try:
        yield 1
    except GeneratorExit:
        yield 2
g = g3()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError", e)
g = g1()
g.close()
print("closed before start")
try:
    next(g)
except StopIteration:
    print("StopIteration after close")
