"""Landscape Lab: the lecture's live demo. Page layout and widgets only; the maths is in the core.

streamlit run app.py

A slider move reruns only the ``view`` fragment (the charts, the results, the link), not the whole
page: the sidebar's α and ρ sliders, the start and the steps ask for it by key
(``ui.controls.redraw_view``), and the sidebar itself, which already shows the moved value, is not sent
again. The controls that change what the sidebar shows (the language, the scenario, the function, the
optimizers, a schedule) rerun the whole page.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.runtime.state import query_params

from ui import budget, guard, hall, network, page, runs, stage, theme_message, views
from ui.config import DEFAULT_EXPRESSION, Config, parse
from ui.controls import landscape_controls, language_control, optimizer_controls
from ui.hall_chart import followed_hall
from ui.i18n import pick_language
from ui.state import VIEW, follow, raw_values, seed_state

log = logging.getLogger("landscape_lab")


# Container allocations between two collections of the youngest generation (Python's default: 700). A
# follower's run makes thousands: with 700, what a run still held when a collection came (its elements,
# its session state's new values) was promoted to the oldest generation, and every ~25 runs of a hall that
# promotion set off a full collection walking every session's objects (50-170 ms each with 200 followers).
# With more than a run makes, a run's objects are freed before a collection looks at them.
YOUNG = 50_000


def tune_the_collector_once() -> None:
    """Python's full collections (and Streamlit's after every run, where ``runner.postScriptGC`` is on,
    as it is by default) walk every tracked object. Moving what the imports made (NumPy, Plotly, SymPy:
    ~1M long-lived objects) out of the collector's sight once makes each ~10x cheaper, while every
    object a run makes is still collected as before; and a run's own objects are no longer promoted to
    the oldest generation while it runs (``YOUNG``), which makes full collections rare."""
    if not getattr(gc, "_landscape_lab_frozen", False):
        gc.collect()
        gc.freeze()
        gc.set_threshold(YOUNG, *gc.get_threshold()[1:])
        gc._landscape_lab_frozen = True  # type: ignore[attr-defined]


def dropped_link() -> tuple[str, int] | None:
    """Why Streamlit dropped the link's query string, whole and quietly, if it did: longer than 512 Ki
    characters, or more than 1000 parameters (``sanitize_query_string``, in that order). The address the
    browser reported still holds it, so the page can say which; as (message key, the limit passed)."""
    context = get_script_run_ctx(suppress_warning=True)
    info = getattr(context, "context_info", None)
    query = urlsplit(info.url).query if info is not None else ""
    longest, most = query_params.CLIENT_STATE_QUERY_STRING_MAX_LENGTH, query_params.CLIENT_STATE_QUERY_STRING_MAX_FIELDS
    if len(query) > longest:
        return "link_dropped_long", longest
    if query.count("&") + 1 > most:
        return "link_dropped_many", most
    return None


def open_link() -> None:
    """Once per session: the URL's parameters, validated, become the widgets' values."""
    if "_opened" in st.session_state:
        return
    raw = {key: st.query_params.get_all(key) for key in st.query_params if key not in hall.PARAMETERS}
    config, problems = parse(raw, browser_lang=pick_language(None, st.context.locale))
    config, asked = budget.fit(config)
    seed_state(st.session_state, config)
    dropped = None if raw else dropped_link()
    st.session_state["_link_problems"] = (list(problems), problems.errors, dropped)
    st.session_state["_asked_steps"] = asked
    st.session_state["_opened"] = True


# The Config of this run of the whole page, read once by the view and the sidebar; a rerun of the view
# alone (a slider's) reads the widgets anew.
_this_run: ContextVar[tuple[Config, int | None] | None] = ContextVar("this_run", default=None)


def current_config() -> tuple[Config, int | None]:
    """The Config the widgets hold now, bounded to the budget (and the steps asked for, where the budget
    cut them); the widgets follow where it differs."""
    if (found := _this_run.get()) is not None:
        return found
    stage.settle()  # a gesture on the stage, settled in the browser
    state = st.session_state
    config, problems = parse(raw_values(state), fallback_expression=state.get("_last_expr", DEFAULT_EXPRESSION))
    if problems:  # widgets only offer valid values; a start outside a new window goes back to its default
        log.info("widget values ignored: %s", list(problems))
    config, asked = budget.fit(config)
    follow(state, config)
    return config, asked


@st.fragment(key=VIEW)
def view() -> None:
    """Everything a slider move changes: the view, and the link with the settings it holds; on a follower's
    page its long poll, the hall's revealed answers and the view switch too, so that a lecturer's change of
    view or Reveal is a run of this fragment alone (the poll's, ``ui.hall``)."""
    if hall.following():
        lang, present, _, line = head_texts(st.session_state)
        hall.follower_poll(lang)
        followed_hall(lang)
        page.view_switch(lang, present, line, class_room=hall.room())
    config, asked = current_config()
    page.budget_note(config, asked or st.session_state.pop("_asked_steps", None))
    shown, absent = runs.runnable(config)
    page.absent_notes(absent, config.lang)
    views.show(shown)
    page.share_link(config)
    hall.after_view(config)
    st.query_params.from_dict(config.to_query() | hall.link_params())


def head_texts(state: Mapping[str, Any]) -> tuple[str, bool, str, str]:
    """The language, presentation mode, and the header's title and line (the scenario's, presenting)."""
    lang, present = state["lang"], bool(state.get("present"))
    title, line = page.presentation_title(lang, state.get("preset"), state.get("f"), asking=bool(state.get("quiz")))
    return lang, present, title, line


def main() -> None:
    # the sidebar's state is set once below, from the settings: a first "auto" opened it at each rerun
    st.set_page_config(page_title="Landscape Lab", page_icon="⛰️", layout="wide")
    network.send_at_once()
    guard.install()
    theme_message.make_once()
    tune_the_collector_once()
    open_link()
    hall.open_class()
    state = st.session_state
    lang, present, title, line = head_texts(state)
    # presentation mode folds the sidebar away (and unfolds it when switched off)
    st.set_page_config(initial_sidebar_state="collapsed" if present else "auto")
    page.header(lang, present, title, line, class_room=hall.room(), views=not hall.following())
    page.warnings(lang, *state["_link_problems"])
    hall.panel(lang)
    this_run = _this_run.set(current_config())
    try:
        view()  # first: the chart reaches the browser before the sidebar
        config = current_config()[0]
        with st.sidebar:
            language_control(lang)
            if hall.following():  # the lecturer's settings: a follower's run draws none of their widgets
                hall.settings_note(lang)
            else:
                landscape_controls(lang)
                hall.start_button(lang)
                optimizer_controls(config)
        page.update_rules(config)  # they change with the optimizers chosen, not with a slider
    finally:
        _this_run.reset(this_run)


if get_script_run_ctx(suppress_warning=True) is None:
    # `streamlit run app.py` imports this file once to find the server (st.App): Streamlit's routes, the
    # class's (classroom/http.py), which a follower's page long-polls without a script run, and the one
    # the stage tells its settled values by (ui/settles.py) and asks for a slider's row by (ui/row_route.py),
    # again without a script run
    from classroom.http import routes
    from ui import row_route, settles

    app = st.App(__file__, routes=routes() + settles.routes() + row_route.routes())
else:
    main()
