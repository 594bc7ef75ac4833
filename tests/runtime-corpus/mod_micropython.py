# The micropython module: const, opt_level, and functions whose return values are deterministic.
import micropython
from micropython import const
X = const(42)
_Y = const(X * 2)
print(X, _Y, micropython.const(7))
print(micropython.opt_level())
micropython.opt_level(2)
print(micropython.opt_level())
micropython.opt_level(0)
print(micropython.heap_lock() if hasattr(micropython, "heap_lock") else None)
print(micropython.heap_unlock() if hasattr(micropython, "heap_unlock") else 0)
print(type(micropython.stack_use()).__name__ if hasattr(micropython, "stack_use") else "int")
print(micropython.kbd_intr(3) if hasattr(micropython, "kbd_intr") else None)
def cb(arg):
    print("scheduled", arg)
micropython.schedule(cb, 1)
print("after schedule")
