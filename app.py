"""Landscape Lab: the lecture's live demo. Page layout and widgets only; the maths is in the core.

streamlit run app.py
"""

from __future__ import annotations

import streamlit as st

from ui import panels
from ui.config import parse
from ui.controls import raw_values, seed_state, sidebar
from ui.i18n import pick_language, t

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


def main() -> None:
    open_link()
    keys = sidebar(st.session_state["lang"])
    config, problems = parse(raw_values(st.session_state, keys))
    panels.header(config.lang, st.session_state["_link_problems"] + problems)
    panels.main_view(config)
    panels.update_rules(config)
    st.query_params.from_dict(config.to_query())
    st.caption(t("share_help", config.lang))


main()
