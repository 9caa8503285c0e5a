"""Rows made on the server's other cores (ui/cores.py): the same numbers as made here, in another process;
a worker that dies costs the page nothing; a page that stops waiting is not kept waiting; and the workers
leave with a server that was killed."""

from __future__ import annotations

import os
import signal
import time
import urllib.request

import numpy as np
import pytest

from tests.browser import descendants, streamlit_server
from tests.test_memory import a_row
from ui import cores, runs

needs_workers = pytest.mark.skipif(not cores.WORKERS, reason="one usable core: the server makes rows itself")


def pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value


def dies_outside(pid: int) -> str:
    """Kills the worker it runs in, as the memory killer would; in process ``pid`` it answers."""
    if os.getpid() != pid:
        os._exit(1)
    return "made here"


@needs_workers
def test_the_work_is_done_in_another_process():
    worker, value = cores.elsewhere(pid_and, 7)
    assert value == 7 and worker != os.getpid()


@needs_workers
def test_a_row_made_by_a_worker_is_the_row_made_here_with_arrays_of_its_own():
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
def test_a_worker_that_dies_costs_nothing_but_the_time():
    assert cores.elsewhere(dies_outside, os.getpid()) == "made here"  # the pool broke: made in this process
    worker, _ = cores.elsewhere(pid_and, 1)
    assert worker != os.getpid()  # new workers for the next call


@needs_workers
def test_whoever_stops_waiting_is_not_kept_waiting(monkeypatch):
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
