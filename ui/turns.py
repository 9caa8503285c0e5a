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
TURN_CHECK = 0.25  # seconds between looking whether a student waiting for its turn still waits

_turns = threading.BoundedSemaphore(RUNS_AT_ONCE)
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
        while not _turns.acquire(timeout=TURN_CHECK):
            still_wanted()
        try:
            return compute(*args, **kwargs)
        finally:
            _turns.release()

    return in_its_turn
