# time: gmtime/mktime calendar arithmetic, argument errors, types of time()/time_ns().
# mktime reads local time on the reference: only differences of winter dates are printed.
import time

base = time.mktime((1970, 1, 1, 0, 0, 0, 0, 0))

for t in (0, 1, -1, 59, 86399, 86400, 951782400, 1700000000, 4102444800, -2208988800, 2 ** 40, 1.9, -0.5):
    print(t, time.gmtime(t))
for tup in ((2024, 2, 20, 12, 30, 45, 0, 0), (1970, 1, 1, 0, 0, 0, 0, 0), (2024, 13, 40, 25, 61, 61, 0, 0),
            (2000, 0, 0, 0, 0, 0, 0, 0, 0), (1900, 3, 1, 0, 0, 0, 0, 0), [2038, 1, 19, 3, 14, 8, 0, 0]):
    print(time.mktime(tup) - base)
for y in range(1968, 2030, 7):
    t = time.mktime((y, 1, 4, 1, 2, 3, 0, 0)) - base
    print(y, t, time.gmtime(t)[:6])
for bad in ((2024, 1, 1), "x", 5, (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)):
    try:
        print(time.mktime(bad))
    except TypeError as e:
        print("TypeError", e)
try:
    time.gmtime("x")
except TypeError as e:
    print("TypeError", e)
print(type(time.time()), type(time.time_ns()), len(time.localtime()), len(time.gmtime()))
print(time.time() > 1.6e9, time.time_ns() > 1600000000 * 10 ** 9, time.gmtime()[0] >= 2024)
