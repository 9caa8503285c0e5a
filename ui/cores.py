"""The core's batched runs made on the server's other cores, in worker processes.

Every session's script, and every row a page asks for (``ui.row_route``), runs in a thread of the server's
one interpreter: however many cores the machine has, NumPy on arrays of a few dozen numbers holds the
interpreter's lock for most of a run, so one core did all of the hall's work. A row (every stop of one
slider: a batched run, its summaries and its JSON, ``ui.runs``, ``ui.rows``) is ≈ 45 ms of it alone, ≈ 95 ms
in a busy server, and a hall of 200 students who take up ρ₁ within a few seconds asks for hundreds
(README, "With the stage"). Here a row is made in one of WORKERS processes instead, which share nothing but
the call and its answer; the interpreter only waits for it (≈ 5 ms of its own a row, not ≈ 45), and
meanwhile answers every other student.

The price is the copying: a row's paths pickled there and back, waited for and made the interpreter's own,
cost ≈ 3 ms of its CPU a row, and the worker's run ≈ 1 ms more than the same run here. That buys the second
core where something else wants the interpreter meanwhile: another session's script run, another run being
made, or a hall's messages and requests, which kept it busy over the last second (``worth_a_worker``).
Where nothing does, a worker buys nothing (the page waits for its answer either way) and the run is made
here: a lecturer's or a lone student's first page of a new link costs the server no more CPU than before
the workers, and comes sooner. Where the process may use one core there are no workers.
``LANDSCAPE_LAB_WORKERS`` says how many where the container's CPU quota is not what its cores say (0: none).
Where the workers cannot start, or one dies (the memory killer), the run is made in the calling thread as
before: the page never depends on them.

>>> elsewhere(sum, [1, 2, 3])
6
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import ParamSpec, TypeVar

from ui.turns import RUNS_AT_ONCE, TURN_CHECK, still_wanted

P, R = ParamSpec("P"), TypeVar("R")
ORPHAN_CHECK = 2.0  # seconds between a worker's looks at whether the server that started it still runs


def usable_cores() -> int:
    """The cores this process may run on (a container's share, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def worker_count(environ: Mapping[str, str] = os.environ) -> int:
    """RUNS_AT_ONCE workers where the process may use more than one core, else none; the operator may say how
    many instead (``LANDSCAPE_LAB_WORKERS``, 0: none), where the container's CPU quota is below its cores.

    >>> worker_count({"LANDSCAPE_LAB_WORKERS": "0"}), worker_count({"LANDSCAPE_LAB_WORKERS": "many"}) >= 0
    (0, True)
    """
    given = environ.get("LANDSCAPE_LAB_WORKERS", "")
    if given.isdigit():
        return min(int(given), 8)
    return min(RUNS_AT_ONCE, usable_cores()) if usable_cores() > 1 else 0


WORKERS = worker_count()

SCRIPT_THREAD = "ScriptRunner.scriptThread"  # Streamlit's thread of a session's script run, alive while it runs
BUSY_SHARE = 0.5  # of one core over the last LOOK_BACK seconds: a run made here would hold up other work
LOOK_BACK, LOOK_EVERY = 1.0, 0.25  # seconds


class Load:
    """The share of one core this process has used over the last LOOK_BACK seconds, from its CPU time read
    every LOOK_EVERY seconds by a thread that sleeps in between."""

    def __init__(self) -> None:
        self._read = deque([(time.monotonic(), time.process_time())], maxlen=round(LOOK_BACK / LOOK_EVERY) + 1)
        threading.Thread(target=self._reading, daemon=True, name="load").start()

    def _reading(self) -> None:
        while True:
            time.sleep(LOOK_EVERY)
            self._read.append((time.monotonic(), time.process_time()))

    def share(self) -> float:
        wall, cpu = self._read[0]
        return (time.process_time() - cpu) / max(time.monotonic() - wall, LOOK_EVERY)


_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_load: Load | None = None
_making = 0  # runs of ``elsewhere`` under way, here or in a worker


def elsewhere(compute: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """``compute(*args)`` in a worker process, waited for here (releasing the interpreter), where something else
    wants the interpreter meanwhile (``worth_a_worker``); else, or where there are no workers or they broke,
    here. ``compute`` and its arguments are pickled: a module-level function of plain values. Whoever waits
    still stops waiting when nobody wants the answer any more (``still_wanted``); the worker then finishes a run
    of well under a second and its answer is dropped."""
    global _making
    pool = _workers()
    with _lock:
        there = pool is not None and worth_a_worker()
        _making += 1
    try:
        if not there:
            return compute(*args, **kwargs)
        try:
            future = pool.submit(compute, *args, **kwargs)
        except (BrokenProcessPool, RuntimeError):  # died, or shut down at the server's exit
            _forget(pool)
            return compute(*args, **kwargs)
        return _waited(future, compute, args, kwargs, pool)
    finally:
        with _lock:
            _making -= 1


def worth_a_worker() -> bool:
    """Whether anything else wants the interpreter now: another run being made, a script run of another
    session (Streamlit runs each in a thread of its own that ends with the run, so the threads alive tell),
    or a hall's messages and requests, which kept it busy at least BUSY_SHARE of the last second."""
    if _making or (_load is not None and _load.share() >= BUSY_SHARE):
        return True
    this = threading.current_thread()
    return any(thread.name == SCRIPT_THREAD and thread is not this for thread in threading.enumerate())


def _waited(future: Future, compute: Callable, args: tuple, kwargs: dict, pool: ProcessPoolExecutor):
    while True:
        try:
            return future.result(timeout=TURN_CHECK)
        except TimeoutError:
            still_wanted()
        except BrokenProcessPool:  # a worker was killed while making it: make it here, start new ones later
            _forget(pool)
            return compute(*args, **kwargs)


def _workers() -> ProcessPoolExecutor | None:
    global _pool, _load
    if not WORKERS:
        return None
    with _lock:
        if _pool is None:
            _load = _load or Load()
            # spawned, not forked: a fork of the server would copy its threads' locks in whatever state
            # they are (the event loop's, the sessions'), and a child could wait on one forever
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(WORKERS, mp_context=context, initializer=_watch, initargs=(os.getpid(),))
            for _ in range(WORKERS):  # started now, in the background: ready when a hall arrives
                _pool.submit(os.getpid)
        return _pool


def _forget(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def _watch(server: int) -> None:
    """In each worker: leave when the server that started it is gone (killed, it cannot say so), rather than
    wait forever for calls that never come."""

    def watching() -> None:
        while os.getppid() == server:
            time.sleep(ORPHAN_CHECK)
        os._exit(0)

    threading.Thread(target=watching, daemon=True, name="orphan-check").start()
