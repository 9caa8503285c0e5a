"""The server's caches and files are the hall's: a browser's messages that would change them for everyone
are refused, with a log line.

A browser sends Streamlit ``BackMsg`` protobufs over its WebSocket, and Streamlit 1.67 honours every
type from every session, developer mode or not (``AppSession.handle_backmsg``). What each does, and
what a browser of this app may send to a server the whole hall shares:

==========================================  ===============================================  ============
message (``BackMsg.type`` / operation)      what Streamlit 1.67 does with it                 here
==========================================  ===============================================  ============
``rerun_script``                            runs this session's script (or one of its        kept: every
                                            fragments) with its widgets' values and URL;     page and move;
                                            a JSON value it cannot read (an integer of       such a value
                                            4301 digits) fails the run with an error box     is dropped
``app_heartbeat``                           answers ``heartbeat_ack``                        kept
``stop_script``                             stops this session's own run                     kept
``backend_operation_request``:              makes the file of one of this session's          kept: the
``deferred_file``                           download buttons and returns its URL             downloads
``backend_operation_request``:              sends rows of a lazy dataframe this session's    kept: its own
``dataframe_chunk``                         run registered (none here; bounded by            rows, read
                                            Streamlit per source)                            only
``clear_cache``                             empties every ``st.cache_data`` and              refused
                                            ``st.cache_resource`` for every session (and
                                            the sender's session state): every student's
                                            next move recomputes (sent 10 times a second:
                                            a bystander's α move 13 → 167 ms of CPU)
``backend_operation_request``:              writes Streamlit's agent skills into the         refused
``install_skills``                          project's folder (``.agents/skills``,
                                            ``.claude/skills``) when the server is not
                                            headless, an agent is installed, and the
                                            client is on loopback, as every visitor is
                                            behind nginx on the same host
``backend_operation_request``:              writes a marker file under ``~/.streamlit``      refused
``dismiss_skills_nudge``                    (same conditions)
``load_git_info``                           runs git in the project's folder and sends back  refused
                                            the repository, branch and the names of its
                                            untracked and uncommitted files
``set_run_on_save``                         sets this session's rerun-on-save flag (the      refused
                                            developer menu; no source watcher runs here)
``file_urls_request``                       makes upload URLs for ``st.file_uploader``       refused: no
                                                                                             uploader
``debug_disconnect_websocket``,             answered by Streamlit's WebSocket handler        never reach
``debug_shutdown_runtime``                  before any session, only with                    a session;
                                            ``global.developmentMode`` or                    a warning if
                                            ``global.e2eTest`` on (off by default)           either is on
any other type or operation (a newer        unknown                                          refused
Streamlit)
==========================================  ===============================================  ============

None of the refused ones is sent by this app's page in a browser: they belong to Streamlit's developer
menu and toolbar (``client.toolbarMode = "minimal"`` hides them) and to the skills nudge, which a headless
server never shows. A refused operation is answered as Streamlit answers one of its own refusals, so a
browser that asked is not left waiting. The guard is put in front of ``AppSession.handle_backmsg`` once
per process (from the app's first run, the way ``ui.network`` adjusts the sockets); before that first run
nothing is cached yet, and a headless server (``.streamlit/config.toml``) refuses the skills by itself.
``LANDSCAPE_LAB_UNGUARDED=1`` leaves Streamlit as it is: only ``bench/bench_attack.py`` sets it, to
measure what the guard saves.
"""

from __future__ import annotations

import functools
import json
import logging
import os

from streamlit import config
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.app_session import AppSession

KEPT = frozenset({"rerun_script", "app_heartbeat", "stop_script"})
KEPT_OPERATIONS = frozenset({"deferred_file", "dataframe_chunk"})
WHY = {
    "clear_cache": "it would empty every student's caches",
    "install_skills": "it would write Streamlit's agent skills into the project's folder",
    "dismiss_skills_nudge": "it would write a file on the server",
    "load_git_info": "it would show the project's git state and files",
    "set_run_on_save": "a developer's setting",
    "file_urls_request": "this page has no file uploader",
}
REFUSAL_REASON = "refused:shared_server"  # as Streamlit's own refusals read ("refused:headless")
OFF = "LANDSCAPE_LAB_UNGUARDED"
log = logging.getLogger("landscape_lab")


def refused(msg: BackMsg) -> str | None:
    """The name of what ``msg`` asks for if a browser of this app may not ask for it, else None."""
    kind = msg.WhichOneof("type")
    if kind in KEPT:
        return None
    if kind == "backend_operation_request":
        operation = msg.backend_operation_request.WhichOneof("payload")
        return None if operation in KEPT_OPERATIONS else str(operation)
    return str(kind)


@functools.cache
def install() -> bool:
    """Put the guard in front of every session's messages, once per process (and once per class, should
    this module be imported again); whether it is there now."""
    if config.get_option("global.developmentMode") or config.get_option("global.e2eTest"):
        log.warning("Streamlit's developer or e2e mode is on: any client may shut this server down")
    if getattr(AppSession.handle_backmsg, "guarded", False):
        return True
    if os.environ.get(OFF) == "1":
        log.warning("%s=1: clients' messages are not guarded", OFF)
        return False
    original = AppSession.handle_backmsg

    def handle_backmsg(session: AppSession, msg: BackMsg) -> None:
        what = refused(msg)
        if what is not None:
            _refuse(session, msg, what)
            return
        for dropped in unreadable_values_dropped(msg):
            _note(session, "unreadable widget value", f"{dropped[:60]}: Streamlit could not read it")
        original(session, msg)

    handle_backmsg.guarded = True  # type: ignore[attr-defined]
    AppSession.handle_backmsg = handle_backmsg  # type: ignore[method-assign]
    return True


def unreadable_values_dropped(msg: BackMsg) -> list[str]:
    """Remove from a rerun request the JSON widget values Streamlit's own reading fails on, and return
    their widget ids. A components-v2 value (the charts' clicks) goes through ``json.loads``, and
    Streamlit turns only a ``JSONDecodeError`` into the text itself: an integer of more than 4300 digits
    (``ValueError``) or arrays nested thousands deep (``RecursionError``) would fail the student's run
    with Streamlit's error box before any of this app's code could look at it."""
    if msg.WhichOneof("type") != "rerun_script":
        return []
    widgets = msg.rerun_script.widget_states.widgets
    unreadable = [i for i, state in enumerate(widgets) if not _readable(state)]
    ids = [widgets[i].id for i in unreadable]
    for i in reversed(unreadable):
        del widgets[i]
    return ids


def _readable(state: WidgetState) -> bool:
    kind = state.WhichOneof("value")
    if kind not in ("json_value", "json_trigger_value"):
        return True
    try:
        json.loads(getattr(state, kind))
    except json.JSONDecodeError:
        return True  # Streamlit keeps such a value as the text it is
    except (ValueError, RecursionError):
        return False
    return True


def _refuse(session: AppSession, msg: BackMsg, what: str) -> None:
    """A log line, and an answer where the browser waits for one."""
    _note(session, what, WHY.get(what, "no browser of this app sends it"))
    if msg.WhichOneof("type") == "backend_operation_request":
        answer = ForwardMsg()
        answer.backend_operation_response.request_id = msg.backend_operation_request.request_id
        answer.backend_operation_response.error_msg = "Not available on this server."
        answer.backend_operation_response.error_reason = REFUSAL_REASON
        session._enqueue_forward_msg(answer)


def _note(session: AppSession, what: str, why: str) -> None:
    """Log the 1st, 10th, 100th ... of each kind per session: a script repeating a message cannot fill
    the log."""
    counts = session.__dict__.setdefault("_lab_refused", {})
    counts[what] = count = counts.get(what, 0) + 1
    if _is_power_of_ten(count):
        log.warning("refused a client's %s (session %s, %d so far): %s", what, session.id[:8], count, why)


def _is_power_of_ten(n: int) -> bool:
    while n % 10 == 0:
        n //= 10
    return n == 1
