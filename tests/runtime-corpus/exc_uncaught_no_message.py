# Uncaught exceptions without a message, raised by class and from a finally block.
def f():
    try:
        print("in try")
    finally:
        raise KeyboardInterrupt
f()
