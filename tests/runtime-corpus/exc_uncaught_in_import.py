# An exception raised while importing a module, uncaught: the traceback names both files.
print("importing")
import rtmod_raises
