"""Core runs take turns (ui.turns.in_turn): a hall opening its links at once is served a few at a time.

No sleeps: each test waits for the state it needs (a condition, a barrier), with a timeout only as a
guard against a hang.
"""

import threading

import pytest

from ui import turns

HANG = 30  # seconds: a guard, never reached when the code works


class TabClosedError(Exception):
    """What Streamlit's yield point raises when the tab that asked has closed."""


def test_no_more_runs_at_once_than_allowed_and_every_one_answered(monkeypatch):
    changed = threading.Condition()
    running, most, waiting = 0, 0, set()
    finish = threading.Event()

    def found_no_turn() -> None:  # in_turn asks this each time a student found every turn taken
        with changed:
            waiting.add(threading.get_ident())
            changed.notify_all()

    monkeypatch.setattr(turns, "still_wanted", found_no_turn)

    @turns.in_turn
    def compute(k: int) -> int:
        nonlocal running, most
        with changed:
            running += 1
            most = max(most, running)
            changed.notify_all()
        finish.wait(HANG)  # the students with a turn keep it until the others are seen waiting
        with changed:
            running -= 1
        return k * k

    answers: dict[int, int] = {}
    students = [threading.Thread(target=lambda k=k: answers.__setitem__(k, compute(k))) for k in range(8)]
    for s in students:
        s.start()
    with changed:  # every turn taken, and each of the other students found none free
        others = len(students) - turns.RUNS_AT_ONCE
        assert changed.wait_for(lambda: running == turns.RUNS_AT_ONCE and len(waiting) == others, timeout=HANG)
    finish.set()
    for s in students:
        s.join(HANG)
    assert most == turns.RUNS_AT_ONCE
    assert answers == {k: k * k for k in range(8)}


def test_a_student_who_left_stops_waiting_and_the_turn_is_given_back(monkeypatch):
    release = threading.Event()
    all_turns_taken = threading.Barrier(turns.RUNS_AT_ONCE + 1, timeout=HANG)

    @turns.in_turn
    def slow() -> str:
        all_turns_taken.wait()
        release.wait(HANG)
        return "done"

    holders = [threading.Thread(target=slow) for _ in range(turns.RUNS_AT_ONCE)]
    for h in holders:
        h.start()
    all_turns_taken.wait()

    def left() -> None:
        raise TabClosedError

    monkeypatch.setattr(turns, "still_wanted", left)
    # It stops at its first look (after TURN_CHECK). Had it waited for a turn instead, it would have got one
    # only when the holders gave theirs back (after HANG) and returned "never" instead of raising.
    with pytest.raises(TabClosedError):
        turns.in_turn(lambda: "never")()
    release.set()
    for h in holders:
        h.join(HANG)
    monkeypatch.undo()
    assert turns.in_turn(lambda: "next")() == "next"  # the holders gave their turns back
