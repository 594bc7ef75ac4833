# mpyc-run's asyncio: streams (loaded on first use, see __init__.py).

from asyncio import _io_wait, sleep_ms


class Stream:
    def __init__(self, s, e={}):
        self.s = s
        self.e = e
        self.out_buf = b""

    def get_extra_info(self, v):
        return self.e[v]

    async def _some(self, n):
        # Wait until the stream has data (or EOF), then one read of up to n bytes.
        while True:
            a = getattr(self.s, "any", None)
            if a is None or a() > 0:
                r = self.s.read(n)
                if r is not None:
                    return r
            await _io_wait(self.s, True)

    async def read(self, n=-1):
        if n >= 0:
            return await self._some(n)
        r = b""
        while True:
            d = await self._some(4096)
            if not d:
                return r
            r += d

    async def readinto(self, buf):
        while True:
            a = getattr(self.s, "any", None)
            if a is None or a() > 0:
                r = self.s.readinto(buf)
                if r is not None:
                    return r
            await _io_wait(self.s, True)

    async def readexactly(self, n):
        r = b""
        while n > 0:
            d = await self._some(n)
            if not d:
                raise EOFError
            r += d
            n -= len(d)
        return r

    async def readline(self):
        r = b""
        while True:
            a = getattr(self.s, "any", None)
            if a is None or a() > 0:
                d = self.s.readline()
                if d is not None:
                    r += d
                    if not d or d[-1] == 10:
                        return r
                    continue
            await _io_wait(self.s, True)

    def write(self, buf):
        if not self.out_buf:
            # Try to write straight away; keep what does not fit for drain().
            n = self.s.write(buf)
            if n is None:
                n = 0
            if n == len(buf):
                return
            buf = buf[n:]
        self.out_buf += buf

    async def drain(self):
        if not self.out_buf:
            return await sleep_ms(0)
        mv = memoryview(self.out_buf)
        off = 0
        while off < len(mv):
            await _io_wait(self.s, False)
            n = self.s.write(mv[off:])
            if n is not None:
                off += n
        self.out_buf = b""

    def close(self):
        pass

    async def wait_closed(self):
        self.s.close()

    async def aclose(self):
        await self.wait_closed()

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self.aclose()


# Exported only under these names, as MicroPython's asyncio does.
StreamReader = Stream
StreamWriter = Stream
del Stream
