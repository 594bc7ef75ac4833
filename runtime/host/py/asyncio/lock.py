# mpyc-run's asyncio: Lock (loaded on first use, see __init__.py).

import asyncio as core
from asyncio import _suspend, _wake, CancelledError


class Lock:
    def __init__(self):
        self.state = 0  # 0 unlocked, 1 locked, or the Task the lock was handed to
        self._waiting = []

    def locked(self):
        # A lock handed to a waiting task that has not run yet does not count as locked.
        return self.state == 1

    def release(self):
        if self.state != 1:
            raise RuntimeError("Lock not acquired")
        if self._waiting:
            t = self._waiting[0]
            self.state = t
            _wake(t)
        else:
            self.state = 0

    async def acquire(self):
        if self.state != 0:
            try:
                await _suspend(self._waiting)
            except CancelledError:
                if self.state is core._cur:
                    # Handed over just before the cancel: pass it on.
                    self.state = 1
                    self.release()
                raise
        self.state = 1
        return True

    async def __aenter__(self):
        return await self.acquire()

    async def __aexit__(self, exc_type, exc, tb):
        self.release()
