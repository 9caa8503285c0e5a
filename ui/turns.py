"""Work taken in turn, and stopped when nobody waits for it any more.

Every session's script runs in its own thread of one interpreter, so a hall that opens its links at once
would share it evenly and every student would see a first chart only when all are done; the core's runs
take turns instead (``in_turn``). Every long loop looks, every few dozen steps, whether anybody still
waits for it (``still_wanted``): a closed tab or a newer slider move stops it there, and so does a closed
tab for a download, which Streamlit makes in a worker thread of its own (``for_this_tab``).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

RUNS_AT_ONCE = 2  # core runs computed at the same time, however many students ask for one
SCRIPTS_AT_ONCE = 2  # sessions' script runs under way at the same time (``scripts_in_turn``): the server's cores
TURN_CHECK = 0.25  # seconds between looking whether a student waiting for its turn still waits

_turns = threading.BoundedSemaphore(RUNS_AT_ONCE)
_script_turns = threading.BoundedSemaphore(SCRIPTS_AT_ONCE)
_in_turn = threading.local()  # .holding: this thread's script run holds one of the script turns
P, R = ParamSpec("P"), TypeVar("R")


# The session a deferred download works for (``for_this_tab``): it runs in a worker thread of its own,
# outside any script run, so Streamlit's own check cannot see whether that tab is still open.
_requester: ContextVar[str | None] = ContextVar("requester", default=None)


class TabClosedError(Exception):
    """The tab that asked for this work has closed: nobody waits for it any more."""


def still_wanted() -> None:
    """Raises if nobody waits for this work any more: a script run's own Stop/Rerun exception where the
    tab closed or a newer run waits, ``TabClosedError`` where a download's tab closed.

    Reading the session state is where Streamlit checks for those requests; outside a running page
    and a download (a notebook, a benchmark) there is nothing to check.
    """
    if get_script_run_ctx(suppress_warning=True) is not None:
        _ = "_" in st.session_state
    elif (session := _requester.get()) is not None and not _is_open(session):
        raise TabClosedError(session)


def _is_open(session: str) -> bool:
    return not Runtime.exists() or Runtime.instance().is_active_session(session)


def for_this_tab(make: Callable[[], R]) -> Callable[[], R]:
    """``make`` as a deferred download's callable (``st.download_button(data=...)``), which Streamlit runs
    in a worker thread when the button is clicked: still working for the tab that drew the button, so
    ``still_wanted`` stops it if that tab closes meanwhile."""
    context = get_script_run_ctx(suppress_warning=True)
    session = context.session_id if context is not None else None

    def on_click() -> R:
        token = _requester.set(session)
        try:
            return make()
        finally:
            _requester.reset(token)

    return on_click


def in_turn(compute: Callable[P, R]) -> Callable[P, R]:
    """``compute``, run by at most RUNS_AT_ONCE sessions at a time; the others wait for their turn.

    A hall that opens its links at once would otherwise share the server's one interpreter between
    all their runs, and every student would see a first chart only when all of them are done (60
    students with their own links: all after 21 s); in turn, the first get theirs at once. A waiting
    student whose tab closed, or who moved on, stops waiting (``still_wanted``).
    """

    @functools.wraps(compute)
    def in_its_turn(*args: P.args, **kwargs: P.kwargs) -> R:
        if not _turns.acquire(blocking=False):
            give_way()
            while not _turns.acquire(timeout=TURN_CHECK):
                still_wanted()
        try:
            return compute(*args, **kwargs)
        finally:
            _turns.release()

    return in_its_turn


def scripts_in_turn() -> None:
    """Let at most SCRIPTS_AT_ONCE sessions' script runs go on at a time, the others waiting their turn in
    the order they came (installed once per process).

    Streamlit starts a new thread for every run, on its one event loop, and ``Thread.start`` waits until
    the new thread has run: with 200 followers' runs at a lecturer's Reveal all wanting the interpreter, each
    start waited for it, and the event loop, which sends every page its messages, spent 35-45 % of its time
    there (py-spy, bench/bench_view_change.py). A thread that waits its turn waits on a lock, not for the
    interpreter. Measured: Reveal at 200 followers on one server, p95 2.6-3.0 s in turn, 3.0-3.7 s without.
    A run that waits for something other than the interpreter (a core's turn, another core's answer) gives
    its turn away for the rest of the run (``give_way``) and is never held again, so no turn waits forever.
    """
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    if getattr(ScriptRunner._run_script_thread, "in_turn", False):
        return
    original = ScriptRunner._run_script_thread

    @functools.wraps(original)
    def run_in_turn(runner: ScriptRunner) -> None:
        _script_turns.acquire()
        _in_turn.holding = True
        try:
            original(runner)
        finally:
            give_way()

    run_in_turn.in_turn = True  # type: ignore[attr-defined]
    ScriptRunner._run_script_thread = run_in_turn  # type: ignore[method-assign]


def give_way() -> None:
    """This script run's turn (``scripts_in_turn``) to the next run, for the rest of this run: it waits for a
    core's turn or another core's answer, and the interpreter is free meanwhile. (Taking it back after would
    wait for runs that may wait for this one: a row it makes.)"""
    if getattr(_in_turn, "holding", False):
        _in_turn.holding = False
        _script_turns.release()
