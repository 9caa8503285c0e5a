"""What the quiz (``ui.quiz``), which a class's pages draw, needs of the class (``ui.hall``): whether this page
follows (a member's token is in its session and the student has not stepped out to explore: the lecturer
reveals, not the student), the round of the question asked, and the lecturer's second round. Apart from
``ui.hall``, which draws the quiz."""

from __future__ import annotations

import streamlit as st

from classroom.classes import shared
from classroom.model import ClassError
from ui.refusals import keep

TOKEN, EXPLORING = "_class.token", "_class.exploring"
CODE, SECRET = "_class.code", "_class.secret"
# the round (1, 2) of the class's question this page shows, where it leads or follows one that asks: set by the
# class's panel above the view (ui.hall) at each run of the page, which a new round always is
ROUND = "_class.round"
QR_HIDDEN = "_class.qr_hidden"  # the lecturer folded the QR code away: the class takes one row


def following() -> bool:
    return TOKEN in st.session_state and not st.session_state.get(EXPLORING)


def lecturing() -> bool:
    return SECRET in st.session_state


def asked_round() -> int | None:
    """The round of the class's question this page leads or follows, or None (no class, or no question)."""
    return st.session_state.get(ROUND)


def vote_again() -> None:
    """Round 2 (vote, discuss, vote again): the hall answers again, round 1's answers kept beside."""
    try:
        shared().vote_again(st.session_state[CODE], st.session_state[SECRET])
    except ClassError as error:
        keep(error)
