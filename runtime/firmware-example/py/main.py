# The firmware's main module, frozen into the binary at build time (build.rs).
# The "UART interrupt" (a Rust thread) writes readings like b"21\n" into board.rx, a RingIO,
# and schedules on_uart; the callback runs between opcodes with the heap locked.
import micropython
from micropython import const
import time
import board
from sensors import Average

READINGS = const(6)

micropython.alloc_emergency_exception_buf(100)
avg = Average(8)
ch = bytearray(1)
# lines seen, callbacks run, the number being read, errors
state = [0, 0, 0, 0]


def on_uart(n):
    micropython.heap_lock()
    try:
        state[1] += 1
        while board.rx.any():
            board.rx.readinto(ch)
            c = ch[0]
            if c == 10:
                avg.add(state[2])
                state[2] = 0
                state[0] += 1
            elif 48 <= c <= 57:
                state[2] = state[2] * 10 + c - 48
            else:
                state[3] += 1
    finally:
        micropython.heap_unlock()


def summary():
    # Called from Rust after the run.
    return avg.mean()


board.led(1)
board.start_uart(on_uart)
while state[0] < READINGS:
    time.sleep_ms(1)
board.led(0)
print("readings:", state[0], "errors:", state[3], "heap locked now:", micropython.heap_locked())
print("mean:", avg.mean(), "last:", avg.last(), "callbacks ran:", state[1] > 0)
micropython.mem_info()
