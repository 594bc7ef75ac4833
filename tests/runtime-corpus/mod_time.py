# time: only deterministic facts (monotonic differences, types), never wall-clock values.
import time
t0 = time.ticks_ms()
time.sleep_ms(5)
t1 = time.ticks_ms()
print(time.ticks_diff(t1, t0) >= 4, type(time.time()).__name__ in ("int", "float"))
print(time.ticks_add(100, 50), time.ticks_diff(150, 100), time.ticks_diff(100, 150))
u0 = time.ticks_us()
time.sleep(0.001)
print(time.ticks_diff(time.ticks_us(), u0) > 0)
print(time.gmtime(0)[:6])
