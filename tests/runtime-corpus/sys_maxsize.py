# sys.maxsize is the machine word's largest signed value (MicroPython's MP_SSIZE_MAX), a big
# int on 64-bit where small ints stop one bit short; programs derive the word size from it.
import sys

bits = 0
m = sys.maxsize
while m:
    m >>= 1
    bits += 1
print(bits, sys.maxsize, -sys.maxsize - 1)
print(sys.maxsize + 1, (sys.maxsize + 1) // 2, sys.maxsize & 0xFF, hex(sys.maxsize))
print(int(float(2 ** 62)), int(2.0 ** 63), int(-(2.0 ** 63)), "%d" % 2.0 ** 70)
print(sys.maxsize == (1 << (bits)) - 1, type(sys.maxsize).__name__)
