# mpyc-run's asyncio: gather and wait_for (loaded on first use, see __init__.py).

import asyncio as core
from asyncio import _as_task, _suspend, _wake, create_task, sleep, sleep_ms
from asyncio import CancelledError, TimeoutError


async def gather(*aws, return_exceptions=False):
    tasks = [_as_task(a) for a in aws]
    n = len(tasks)
    results = [None] * n
    me = core._cur
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
    runner = create_task(_runner(core._cur, t, box))
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
