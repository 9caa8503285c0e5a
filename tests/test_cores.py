"""Rows made on the server's other cores (ui/cores.py) where something else wants the interpreter, here where
nothing does: the same numbers as made here, in another process; a worker that dies costs the page nothing;
a page that stops waiting is not kept waiting; and the workers leave with a server that was killed."""

from __future__ import annotations

import os
import signal
import threading
import time
import urllib.request
from collections.abc import Iterator

import numpy as np
import pytest

from tests.browser import descendants, streamlit_server
from tests.test_memory import a_row
from ui import cores, runs

needs_workers = pytest.mark.skipif(not cores.WORKERS, reason="one usable core: the server makes rows itself")


def pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value


@pytest.fixture
def busy() -> Iterator[None]:
    """Another session's script run under way meanwhile: a thread as Streamlit names a script's, alive
    until the test ends."""
    done = threading.Event()
    script = threading.Thread(target=done.wait, name=cores.SCRIPT_THREAD, daemon=True)
    script.start()
    yield
    done.set()
    script.join()


def quiet() -> None:
    """Until the load's look back holds none of what the tests before did."""
    cores._workers()
    time.sleep(cores.LOOK_BACK + 2 * cores.LOOK_EVERY)


@needs_workers
def test_with_nothing_else_to_do_the_run_is_made_here():
    quiet()
    assert cores.elsewhere(pid_and, 3) == (os.getpid(), 3)


@needs_workers
def test_after_a_busy_second_a_worker_makes_it():
    quiet()
    deadline = time.process_time() + 1.5 * cores.LOOK_BACK
    while time.process_time() < deadline:  # the interpreter busy, as a hall keeps it
        pass
    assert cores._load.share() > cores.BUSY_SHARE
    worker, _ = cores.elsewhere(pid_and, 3)
    assert worker != os.getpid()


@needs_workers
def test_while_another_script_runs_a_worker_makes_it(busy):
    worker, _ = cores.elsewhere(pid_and, 3)
    assert worker != os.getpid()


@needs_workers
def test_while_another_run_is_made_here_a_worker_makes_the_next():
    quiet()
    first = threading.Thread(target=cores.elsewhere, args=(time.sleep, 1.0), daemon=True)
    first.start()  # made here: nothing else was under way
    while not cores._making:
        time.sleep(0.01)
    worker, _ = cores.elsewhere(pid_and, 3)
    first.join()
    assert worker != os.getpid()


def dies_outside(pid: int) -> str:
    """Kills the worker it runs in, as the memory killer would; in process ``pid`` it answers."""
    if os.getpid() != pid:
        os._exit(1)
    return "made here"


@needs_workers
def test_the_work_is_done_in_another_process(busy):
    worker, value = cores.elsewhere(pid_and, 7)
    assert value == 7 and worker != os.getpid()


@needs_workers
def test_a_row_made_by_a_worker_is_the_row_made_here_with_arrays_of_its_own(busy):
    _, arguments = a_row(0.4, steps=200, curvature=True)
    there, here = runs._row(*arguments), runs.made_row(*arguments)
    assert list(there) == list(here)
    for value in here:
        a, b = vars(there[value]), vars(here[value])
        assert a.keys() == b.keys()
        for name in a:
            if isinstance(b[name], np.ndarray):
                assert np.array_equal(a[name], b[name], equal_nan=True), (value, name)
                assert a[name].flags.owndata and a[name].dtype is np.dtype(b[name].dtype.str)
            elif name not in ("frames", "curvature"):
                assert a[name] == b[name] or (a[name] != a[name] and b[name] != b[name]), (value, name)
        assert np.array_equal(there[value].frames.heads, here[value].frames.heads)
        assert np.array_equal(there[value].curvature.ellipses, here[value].curvature.ellipses, equal_nan=True)


@needs_workers
def test_a_worker_that_dies_costs_nothing_but_the_time(busy):
    assert cores.elsewhere(dies_outside, os.getpid()) == "made here"  # the pool broke: made in this process
    worker, _ = cores.elsewhere(pid_and, 1)
    assert worker != os.getpid()  # new workers for the next call


@needs_workers
def test_whoever_stops_waiting_is_not_kept_waiting(monkeypatch, busy):
    class LeftError(Exception):
        pass

    def left() -> None:
        raise LeftError

    monkeypatch.setattr(cores, "still_wanted", left)
    started = time.monotonic()
    with pytest.raises(LeftError):
        cores.elsewhere(time.sleep, 3.0)
    assert time.monotonic() - started < 1.0  # after one look (TURN_CHECK), not after the 3 s


@needs_workers
def test_the_workers_leave_with_a_killed_server():
    with streamlit_server() as server:
        with urllib.request.urlopen(f"{server}/lab/stage/row?opt=sgd,adam&row=adam.rho1&x0=0.3", timeout=60) as r:
            assert r.status == 200
        workers = descendants(server.pid)
        assert workers  # the row was made by one
        os.kill(server.pid, signal.SIGKILL)  # nothing runs its exit: the workers see it themselves
        deadline = time.monotonic() + 3 * cores.ORPHAN_CHECK + 5
        while any(os.path.exists(f"/proc/{pid}") and not _zombie(pid) for pid in workers):
            assert time.monotonic() < deadline, "a worker outlived its server"
            time.sleep(0.2)


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True
