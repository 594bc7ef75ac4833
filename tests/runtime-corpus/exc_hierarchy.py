# The builtin exception hierarchy as seen by except clauses and issubclass.
pairs = [(ZeroDivisionError, ArithmeticError), (OverflowError, ArithmeticError), (KeyError, LookupError),
         (IndexError, LookupError), (ValueError, Exception), (UnicodeError, ValueError),
         (StopIteration, Exception), (GeneratorExit, BaseException), (KeyboardInterrupt, BaseException),
         (SystemExit, BaseException), (OSError, Exception), (NotImplementedError, RuntimeError),
         (RuntimeError, Exception),
         (AssertionError, Exception), (AttributeError, Exception), (NameError, Exception), (ImportError, Exception),
         (TypeError, Exception), (MemoryError, Exception), (EOFError, Exception), (SyntaxError, Exception)]
for sub, sup in pairs:
    print(sub.__name__, sup.__name__, issubclass(sub, sup), issubclass(sup, sub))
print(issubclass(GeneratorExit, Exception), issubclass(SystemExit, Exception))
for exc in [ZeroDivisionError, KeyError, IndexError, ValueError]:
    try:
        raise exc("x")
    except LookupError:
        print(exc.__name__, "as LookupError")
    except ArithmeticError:
        print(exc.__name__, "as ArithmeticError")
    except Exception:
        print(exc.__name__, "as Exception")
