# mpyc-run's `asyncio`: a small event loop written for mpyc (not MicroPython's extmod code),
# following the documented behaviour of MicroPython's asyncio.
#
# Coroutines are generators. A task is suspended by awaiting one of the primitives below: each
# parks the current task in exactly one list (`Task._where`: the run queue, the sleep queue,
# the I/O wait list, or a waiter list of a Task/Event/Lock/gather) and then yields None. A task
# that yields without being parked (a bare `yield`) is put back on the run queue. Cancelling a
# task takes it out of its list and throws CancelledError into it on its next step.
#
# Streams have no poll here: a stream is "readable" when its `any()` says so (RingIO) or, for
# objects without `any`, when a non-blocking `read` returns something other than None; a
# waiting writer simply retries on the next loop round. When only I/O waiters are left, the
# loop sleeps 1 ms between rounds.

from time import ticks_ms as ticks, ticks_diff, ticks_add, sleep_ms as _block_ms
import sys


class CancelledError(BaseException):
    pass


class TimeoutError(Exception):
    pass


_runq = []  # runnable tasks, FIFO
_sleepq = []  # sleeping tasks, ordered by Task._wake
_ioq = []  # tasks waiting for a stream (Task._io: (stream, reading?))
_cur = None  # the task being stepped
_handler = None  # the loop's exception handler, None for the default


def _park(t, lst):
    t._where = lst
    lst.append(t)


def _unpark(t):
    w = t._where
    if w is not None:
        w.remove(t)
        t._where = None


def _wake(t):
    # Move a parked task to the end of the run queue.
    _unpark(t)
    t._where = _runq
    _runq.append(t)


def _sleep_until(t, when):
    t._wake = when
    i = len(_sleepq)
    while i > 0 and ticks_diff(when, _sleepq[i - 1]._wake) < 0:
        i -= 1
    _sleepq.insert(i, t)
    t._where = _sleepq


def _suspend(lst):
    # Park the current task in `lst` and give control back to the loop.
    _park(_cur, lst)
    yield


def sleep_ms(t):
    _sleep_until(_cur, ticks_add(ticks(), max(0, t)))
    yield


def sleep(t):
    return sleep_ms(int(t * 1000))


def current_task():
    if _cur is None:
        raise RuntimeError("no running event loop")
    return _cur


class Task:
    def __init__(self, coro):
        self.coro = coro
        self.data = None
        self._where = None
        self._wake = 0
        self._io = None
        self._throw = None
        self._done = False
        self._result = None
        self._exc = None
        self._waiters = []  # Tasks to wake, or callables f(task), when this task ends
        self._awaited = False
        self._awaiting = None  # the Task this one awaits
        self._check = False  # on the run queue, done, to report an unretrieved exception

    def __repr__(self):
        # MicroPython's Task is a native type without a print method.
        return "<Task>"

    def done(self):
        return self._done

    def cancel(self):
        if self._done:
            return False
        # A task awaiting another task: the cancel goes to the innermost awaited one (its
        # CancelledError then reaches this task through the await, unless it is caught).
        while self._awaiting is not None and not self._awaiting._done:
            self = self._awaiting
        if self is _cur:
            raise RuntimeError("can't cancel self")
        self._throw = CancelledError()
        # Already runnable: keeps its place; otherwise it joins the end of the run queue.
        if self._where is not _runq:
            _wake(self)
        return True

    def __iter__(self):
        if not self._done and any(not isinstance(w, Task) for w in self._waiters):
            # As MicroPython: a task being gathered cannot also be awaited.
            raise RuntimeError("can't wait")
        self._awaited = True
        if not self._done:
            me = _cur
            me._awaiting = self
            try:
                yield from _suspend(self._waiters)
            finally:
                me._awaiting = None
        if self._exc is not None:
            raise self._exc
        return self._result

    __await__ = __iter__

    def _finish(self, result, exc):
        self._done = True
        self._result = result
        self._exc = exc
        ws = self._waiters
        self._waiters = []
        for w in ws:
            if isinstance(w, Task):
                if w._where is ws:
                    w._where = None
                    _wake(w)
            else:
                w(self)
        if exc is not None and not self._awaited and not isinstance(exc, CancelledError):
            # Give other tasks one round of the run queue to retrieve the exception.
            self._check = True
            _wake(self)

    def _unretrieved(self):
        self._check = False
        if not self._awaited:
            call_exception_handler(
                {"message": "Task exception wasn't retrieved", "future": self, "exception": self._exc}
            )


def create_task(coro):
    if not hasattr(coro, "send"):
        raise TypeError("coroutine expected")
    t = Task(coro)
    _wake(t)
    return t


def _as_task(aw):
    return aw if isinstance(aw, Task) else create_task(aw)


def _step(t):
    global _cur
    _cur = t
    exc = t._throw
    t._throw = None
    try:
        if exc is None:
            t.coro.send(None)
        else:
            t.coro.throw(exc)
    except StopIteration as e:
        _cur = None
        t._finish(e.value, None)
        return
    except BaseException as e:
        _cur = None
        t._finish(None, e)
        return
    _cur = None
    if t._where is None:
        _wake(t)


def _io_ready(t):
    s, reading = t._io
    if reading:
        a = getattr(s, "any", None)
        if a is not None:
            return a() > 0
    return True


def _poll_round(block):
    # Move due sleepers and ready I/O waiters to the run queue; if `block` and nothing is
    # runnable, wait for the next sleeper (or 1 ms when I/O waiters are left).
    while True:
        now = ticks()
        while _sleepq and ticks_diff(_sleepq[0]._wake, now) <= 0:
            _wake(_sleepq[0])
        for t in list(_ioq):
            if _io_ready(t):
                t._io = None
                _wake(t)
        if _runq or not block:
            return True
        if _sleepq:
            dt = ticks_diff(_sleepq[0]._wake, now)
            if _ioq:
                dt = min(dt, 1)
            _block_ms(max(0, dt))
        else:
            # Only I/O waiters, or nothing: a scheduled callback (micropython.schedule) may
            # still wake a task, so keep waiting as the reference does.
            _block_ms(1)


def _run_until(main):
    # Run the loop until `main` (a Task, or None for "forever"/stop) is done.
    global _stop
    _stop = False
    while not _stop and (main is None or not main._done):
        _poll_round(True)
        if _runq:
            t = _runq.pop(0)
            t._where = None
            if t._done:
                if t._check:
                    t._unretrieved()
            else:
                _step(t)


_stop = False


def run(coro):
    return _until_task(create_task(coro))


def _io_wait(s, reading):
    _cur._io = (s, reading)
    _park(_cur, _ioq)
    yield


async def gather(*aws, return_exceptions=False):
    tasks = [_as_task(a) for a in aws]
    n = len(tasks)
    results = [None] * n
    me = _cur
    waitq = []
    state = [n, None]  # tasks left, first exception (when not returning them)

    def one_done(t):
        if state[0] <= 0:
            return
        i = tasks.index(t)
        if t._exc is not None:
            if not return_exceptions:
                state[1] = t._exc
                state[0] = 0
            else:
                results[i] = t._exc
                state[0] -= 1
        else:
            results[i] = t._result
            state[0] -= 1
        if state[0] <= 0 and me._where is waitq:
            _wake(me)

    try:
        for t in tasks:
            t._awaited = True
            if t._done:
                one_done(t)
            elif t._waiters:
                # As MicroPython: a task already awaited (or gathered) cannot be gathered.
                state[0] = 0
                raise RuntimeError("can't gather")
            else:
                t._waiters.append(one_done)
        if state[0] > 0:
            try:
                await _suspend(waitq)
            except CancelledError:
                state[0] = 0
                for t in tasks:
                    t.cancel()
                raise
    finally:
        # Tasks still running may be awaited again once the gather is over.
        state[0] = 0
        for t in tasks:
            if one_done in t._waiters:
                t._waiters.remove(one_done)
    if state[1] is not None:
        raise state[1]
    return results


async def _runner(waiter, t, box):
    # wait_for's helper task: awaits `t`, stores its outcome in box[0] (True, or the
    # exception) and box[1] (the result), and wakes the waiter if it still sleeps (box[2]).
    try:
        box[1] = await t
        box[0] = True
    except BaseException as e:
        box[0] = e
    if box[2]:
        box[2] = False
        _wake(waiter)


async def wait_for(aw, timeout, sleep=sleep):
    t = _as_task(aw)
    if timeout is None:
        return await t
    box = [None, None, True]
    runner = create_task(_runner(_cur, t, box))
    try:
        await sleep(timeout)
    except CancelledError:
        # wait_for itself cancelled: cancel the awaited task too (through the runner).
        box[2] = False
        runner.cancel()
        raise
    box[2] = False
    if box[0] is True:
        return box[1]
    if box[0] is not None:
        raise box[0]
    # Timed out: cancel the task and let the cancellation finish first.
    runner.cancel()
    await runner
    raise TimeoutError


def wait_for_ms(aw, timeout):
    return wait_for(aw, timeout, sleep_ms)


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
                if self.state is _cur:
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


def default_exception_handler(loop, context):
    print(context["message"], file=sys.stderr)
    print("future:", context["future"], "coro=", context["future"].coro, file=sys.stderr)
    sys.print_exception(context["exception"], sys.stderr)


def call_exception_handler(context):
    (_handler or default_exception_handler)(Loop, context)


class Loop:
    # The one event loop, as a namespace of static methods (MicroPython's `Loop`).
    def create_task(coro):
        return create_task(coro)

    def run_forever():
        _run_until(None)

    def run_until_complete(aw):
        return _until_task(_as_task(aw))

    def stop():
        global _stop
        _stop = True

    def close():
        pass

    def set_exception_handler(handler):
        global _handler
        _handler = handler

    def get_exception_handler():
        return _handler

    def default_exception_handler(loop, context):
        default_exception_handler(loop, context)

    def call_exception_handler(context):
        call_exception_handler(context)


def run_until_complete(main_task=None):
    if main_task is None:
        _run_until(None)
        return None
    return _until_task(main_task)


def _until_task(t):
    # Run the loop until task t is done (or Loop.stop()); its result, or raise its exception.
    t._awaited = True
    _run_until(t)
    if not t._done:
        return None
    if t._exc is not None:
        raise t._exc
    return t._result


def get_event_loop(runq_len=0, waitq_len=0):
    return Loop


def new_event_loop():
    global _runq, _sleepq, _ioq
    _runq = []
    _sleepq = []
    _ioq = []
    return Loop
