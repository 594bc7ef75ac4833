# A package: its __init__ runs once, re-exports a name from a submodule via a relative import.
print("rtpkg init")
from .helpers import double
VERSION = (1, 2)
