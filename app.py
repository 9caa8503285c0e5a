"""Landscape Lab: the lecture's live demo. Page layout and widgets only; the maths is in the core.

streamlit run app.py
"""

from __future__ import annotations

import logging

import streamlit as st

from ui import panels
from ui.config import DEFAULT_EXPRESSION, parse
from ui.controls import keep_main_area_state, raw_values, seed_state, sidebar
from ui.i18n import pick_language

st.set_page_config(page_title="Landscape Lab", page_icon="⛰️", layout="wide", initial_sidebar_state="auto")


def open_link() -> None:
    """Once per session: the URL's parameters, validated, become the widgets' values."""
    if "_opened" in st.session_state:
        return
    raw = {key: st.query_params.get_all(key) for key in st.query_params}
    config, problems = parse(raw, browser_lang=pick_language(None, st.context.locale))
    seed_state(st.session_state, config)
    st.session_state["_link_problems"] = problems
    st.session_state["_opened"] = True


def _last_expression() -> str:
    return st.session_state.get("_last_expr", DEFAULT_EXPRESSION)


def main() -> None:
    open_link()
    keep_main_area_state()
    keys = sidebar(st.session_state["lang"])
    config, problems = parse(raw_values(st.session_state, keys), fallback_expression=_last_expression())
    if problems:  # widgets only offer valid values; a typed function is explained where it is typed
        logging.getLogger("landscape_lab").info("widget values ignored: %s", problems)
    panels.header(config.lang, st.session_state["_link_problems"])
    panels.scenario_card(config)
    panels.view_selector(config)
    panels.show_view(config)
    panels.update_rules(config)
    panels.share_link(config)
    st.query_params.from_dict(config.to_query())


main()
