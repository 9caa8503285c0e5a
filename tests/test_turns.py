"""Core runs take turns (ui.runs.in_turn): a hall opening its links at once is served a few at a time."""

import threading
import time

import pytest

from ui import runs


class TabClosedError(Exception):
    """What Streamlit's yield point raises when the tab that asked has closed."""


def test_no_more_runs_at_once_than_allowed_and_every_one_answered():
    running, most = 0, 0
    lock = threading.Lock()

    @runs.in_turn
    def compute(k: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return k * k

    answers: dict[int, int] = {}
    students = [threading.Thread(target=lambda k=k: answers.__setitem__(k, compute(k))) for k in range(8)]
    for s in students:
        s.start()
    for s in students:
        s.join()
    assert most == runs.RUNS_AT_ONCE
    assert answers == {k: k * k for k in range(8)}


def test_a_student_who_left_stops_waiting_and_the_turn_is_given_back(monkeypatch):
    release = threading.Event()

    @runs.in_turn
    def slow() -> str:
        release.wait(5)
        return "done"

    holders = [threading.Thread(target=slow) for _ in range(runs.RUNS_AT_ONCE)]
    for h in holders:
        h.start()
    time.sleep(0.1)  # every turn is taken now

    def left() -> None:
        raise TabClosedError

    monkeypatch.setattr(runs, "still_wanted", left)
    started = time.perf_counter()
    with pytest.raises(TabClosedError):
        runs.in_turn(lambda: "never")()
    assert time.perf_counter() - started < 2 * runs.TURN_CHECK + 0.5
    release.set()
    for h in holders:
        h.join()
    monkeypatch.undo()
    assert runs.in_turn(lambda: "next")() == "next"  # the holders gave their turns back
