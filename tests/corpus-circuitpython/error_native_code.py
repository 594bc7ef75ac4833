# Native code: without -march an error in both flavours; tests/gen-circuitpython-refs.sh also
# records CircuitPython's native .mpy of it (-X emit=native) for the --dump test, where async
# native functions carry the ASYNC flag that MicroPython's reader would take for VIPERRELOC.
import micropython


async def coroutine(x):
    return x


def plain(a, b=2):
    return a + b


@micropython.viper
def viper(x: int) -> int:
    p = ptr8(b"abcdef")
    return p[x] + 1


class C:
    async def method(self):
        return 1
