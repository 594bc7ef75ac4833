# sys: deterministic attributes only.
import sys
print(sys.byteorder, sys.maxsize > 2 ** 30, type(sys.path).__name__, type(sys.modules).__name__)
print(sys.implementation.name, type(sys.version_info[0]).__name__, sys.version_info[0])
print(type(sys.argv).__name__, sys.stdout is not None, hasattr(sys, "exit"), "sys" in sys.modules)
sys.stdout.write("written\n")
print("platform is str:", isinstance(sys.platform, str))
