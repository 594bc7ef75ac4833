# mpyc-run's asyncio: Event and ThreadSafeFlag (loaded on first use, see __init__.py).

from asyncio import _io_wait, _suspend, _wake


class Event:
    def __init__(self):
        self.state = False
        self._waiting = []

    def is_set(self):
        return self.state

    def set(self):
        self.state = True
        while self._waiting:
            _wake(self._waiting[0])

    def clear(self):
        self.state = False

    async def wait(self):
        if not self.state:
            await _suspend(self._waiting)
        return True


class ThreadSafeFlag:
    # An Event that may be set from a scheduled callback or an interrupt: set() only stores
    # the state; the loop polls it (its `any()`) like a readable stream.
    def __init__(self):
        self.state = 0

    def any(self):
        return self.state

    def set(self):
        self.state = 1

    def clear(self):
        self.state = 0

    async def wait(self):
        while not self.state:
            await _io_wait(self, True)
        self.state = 0
