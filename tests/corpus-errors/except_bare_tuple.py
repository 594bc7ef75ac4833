# Exceptions after `except` without parentheses (Python 3.14): one `test` in MicroPython.
try:
    pass
except (ValueError, TypeError):
    pass
except KeyError, IndexError:
    pass
