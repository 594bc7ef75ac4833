# Importing a user .mpy module: runs once, module attributes, from-import, reload via sys.modules.
import sys
import rtmod_simple
import rtmod_simple as again
from rtmod_simple import bump, Thing
print(rtmod_simple is again, bump(), bump(), rtmod_simple.counter, Thing(), rtmod_simple.__name__)
print("rtmod_simple" in sys.modules, type(rtmod_simple).__name__)
from rtmod_simple import *
print("_private" in dir(), "bump" in dir())
try:
    import rtmod_raises
except ValueError as e:
    print("import failed:", e)
print("rtmod_raises" in sys.modules)
