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


# Loaded on first use, as MicroPython's asyncio loads these parts (module __getattr__): a
# program that does not use them does not pay their heap (function objects, class dicts).
_LAZY = {
    "gather": "funcs",
    "wait_for": "funcs",
    "wait_for_ms": "funcs",
    "Event": "event",
    "ThreadSafeFlag": "event",
    "Lock": "lock",
    "StreamReader": "stream",
    "StreamWriter": "stream",
}


def __getattr__(name):
    sub = _LAZY.get(name)
    if sub is None:
        raise AttributeError(name)
    if sub == "funcs":
        from . import funcs as m
    elif sub == "event":
        from . import event as m
    elif sub == "lock":
        from . import lock as m
    else:
        from . import stream as m
    v = getattr(m, name)
    globals()[name] = v
    return v




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
