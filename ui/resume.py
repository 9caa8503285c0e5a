"""A class over a reload: the lecturer's page offers to continue it, a student keeps their place.

The right to lead a class is a secret held by the lecturer's session (``ui.hall``); a reload, or the tab
opened again after the browser went down, is a new session, and the hall of students would be left
following a class nobody can lead. So the page that leads a class also keeps its code and secret in a
cookie of the lecturer's own browser (written by ``ui/js/hall.js`` beside the counts, from ``kept``): never
in a link, never on a student's page, which is drawn without it. A new page of that browser reads it once
(``find``) and, where its secret still leads the class (checked as any lecturer's: ``Classes.lead``),
offers to lead it again (``class.resume``). Only offers: a second tab of the same browser, opened to
prepare the next example, would otherwise take the hall's view away from the projector.

The page that leads again takes the class as it is, with nothing published anew where it shows the
class's view: its Reveal and its round (``adopted_reveal``), and the QR code folded where the hall has
joined already.

A student's page keeps their place the same way (``PLACE``, beside the long poll): a student who closed the
tab and scans the QR code again is the same member, with the same one answer, not a second member who
makes the hall look larger than it is (``place_kept``). Their own page's link keeps it too (``member=``).

>>> read_kept("ABC234.s3cr3t_-x")
('ABC234', 's3cr3t_-x')
>>> [read_kept(raw) for raw in (None, "", "ABC234", "ABC234.", "abc.x", "ABC234.<b>", "ABC234." + "x" * 99)]
[None, None, None, None, None, None, None]
"""

from __future__ import annotations

import logging
import re
from typing import Any

import streamlit as st

from classroom.classes import shared
from classroom.model import TTL, ClassError, read_code
from ui.i18n import tr
from ui.membership import CODE, QR_HIDDEN, SECRET, TOKEN
from ui.refusals import keep

COOKIE, PLACE = "lab_class", "lab_member"  # the lecturer's class, a student's place in one
OFFER = "_class.offer"  # (code, secret): the class this browser led, which this new page may lead again
ADOPTED = "_class.adopted"  # the class's state when this page took it over: its query and Reveal
SECRET_CHARACTERS = re.compile(r"[A-Za-z0-9_-]{1,64}")  # secrets.token_urlsafe's alphabet
log = logging.getLogger("landscape_lab")


def kept(name: str, code: str, held: str) -> dict[str, Any]:
    """The cookie ``ui/js/hall.js`` writes: the lecturer's class (``COOKIE``, ``held`` its secret) or a student's
    place in it (``PLACE``, their member token), for as long as a class may last."""
    return {"name": name, "value": f"{code}.{held}", "max_age": TTL}


def kept_by(mode: str, code: str) -> dict[str, Any] | None:
    """What the long poll of ``mode`` (``ui.hall._live``) keeps: the lecturer's counts the class, a follower's
    poll the student's place; the lecturer's answers nothing more."""
    state = st.session_state
    if mode == "count":
        return kept(COOKIE, code, state[SECRET])
    return kept(PLACE, code, state[TOKEN]) if mode == "follower" else None


def place_kept(code: str) -> str | None:
    """The member token this browser kept for class ``code``, if any (the class checks it, ``Classes.member``)."""
    raw = st.context.cookies.get(PLACE)
    return raw.split(".", 1)[1] if isinstance(raw, str) and raw.startswith(f"{code}.") else None


def read_kept(raw: object) -> tuple[str, str] | None:
    """The (code, secret) a cookie holds, or None where it holds nothing of the kind."""
    if not isinstance(raw, str) or raw.count(".") != 1:
        return None
    code, secret = raw.split(".")
    try:
        code = read_code(code)
    except ClassError:
        return None
    return (code, secret) if SECRET_CHARACTERS.fullmatch(secret) else None


def find() -> None:
    """Once, on a new page that neither leads nor joins a class: the class this browser led, to offer it
    again where its secret still leads it. A cookie of an ended class, or a forged one, offers nothing."""
    found = read_kept(st.context.cookies.get(COOKIE))
    if found is None:
        return
    try:
        shared().lead(*found)
    except ClassError as error:
        log.info("a kept class is not led again: %s", error)
        return
    st.session_state[OFFER] = found


def offer(lang: str) -> None:
    """Above the view, as the class's folded row stands there (``ui.hall.room``): "Your class CODE is still
    on", to lead it again."""
    code = st.session_state[OFFER][0]
    try:
        public = shared().public(code)
    except ClassError:  # it ended meanwhile
        st.session_state.pop(OFFER, None)
        return
    with st.container(key="class.offer", horizontal=True, vertical_alignment="center"):  # a phone: two lines
        st.markdown(tr("class_offer", lang, code=code, following=public["following"], members=public["members"]))
        st.button(tr("class_resume", lang), key="class.resume", on_click=_lead_again, type="primary")
        st.button(tr("class_not_now", lang), key="class.not_now", on_click=st.session_state.pop, args=(OFFER, None))


def _lead_again() -> None:
    state = st.session_state
    code, secret = state.pop(OFFER)
    try:
        shared().lead(code, secret)
        public = shared().public(code)
    except ClassError as error:  # ended since the offer was drawn
        keep(error)
        return
    state.update({CODE: code, SECRET: secret, ADOPTED: (public["query"], public["revealed"])})
    state[QR_HIDDEN] = public["members"] > 0  # the hall has joined: the plot first, the QR code one click away


def adopted_reveal(query: str) -> bool:
    """Once, on the page's first run as the class's lecturer again: whether the class's answers are revealed
    for the very view (``query``) the page shows, so that the page reveals them too, and publishes no change."""
    adopted = st.session_state.pop(ADOPTED, None)
    return adopted is not None and adopted == (query, True)
