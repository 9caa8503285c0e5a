"""Whether this page follows a class: a member's token is in its session and the student has not
stepped out to explore (``ui.hall``). Apart from ``ui.hall`` so that the quiz (``ui.quiz``), which the
hall's page draws, can ask it too: a follower's lecturer reveals, not the student."""

from __future__ import annotations

import streamlit as st

TOKEN, EXPLORING = "_class.token", "_class.exploring"


def following() -> bool:
    return TOKEN in st.session_state and not st.session_state.get(EXPLORING)
