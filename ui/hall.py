"""The page's side of a class session (issue 24; the session itself is ``classroom``).

The lecturer starts a class (``class.start`` in the sidebar, or the link ``?class=new``); the secret stays in
the lecturer's Streamlit session (and their browser's cookie, for a reload: ``ui.resume``), never in a link or
a student's page. The lecturer's page shows the code and a QR code of the join link ``?class=CODE``, how
many follow (``class.count``) and have answered (``class.answers``), both kept live by the browser's
long-poll without a script run, and publishes its view (its link's query) and its question once each time
they change.

A student's page at ``?class=CODE`` joins and long-polls too, from the view's fragment; when the lecturer's
view moves it asks for ONE script run, which puts the lecturer's settings into the student's widgets (their
own language and layout stay theirs): a run of that fragment alone where nothing outside the view changed
with it.
``class.explore`` steps out, ``class.follow`` comes back. In quiz mode each choice or tap goes to the
session (one per student, changeable until Reveal); the lecturer's Reveal reveals on every student's page,
with the hall's answers beside the true result (``ui.hall_chart``).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlencode

import orjson
import streamlit as st

from classroom.classes import shared
from classroom.http import PREFIX
from classroom.model import ClassError, Question, read_code
from ui import assets, budget, page, quiz, resume
from ui.config import Config, parse
from ui.hall_chart import hall_chart, keep_for_follower
from ui.i18n import tr
from ui.join_card import join_card
from ui.membership import CODE, EXPLORING, QR_HIDDEN, ROUND, SECRET, TOKEN, following, lecturing
from ui.refusals import ERROR, keep, kept, said
from ui.state import redraw_page, seed_state

CLASS = "class"  # the URL parameter: "new" starts a class, a code joins one
MEMBER = "member"  # a student's own page's link: their place in the class, kept over a reload or a failover
PARAMETERS = (CLASS, MEMBER)  # not the view's: ui.config.parse never sees them
APPLIED, SENT, ANSWERED = "_class.version", "_class.sent", "_class.answered"
SHOWN_VIEW = "_class.shown_view"  # a follower's view as the lecturer's settings gave it (their own settings aside)
ASKED = "_class.asked"  # the question and its round, as a follower's page last drew them (Reveal is the view's)
AROUND = ("opt", "quiz")  # the settings a follower's page draws outside the view: its rules, its question switch
PUBLIC = "_class.public"  # the class's state a follower's page was last drawn for (its long poll's start)
OWN = ("lang", "present")  # a student's own: the language they read, the layout of their phone
FOLLOWER = "class.follower"  # a follower's long poll (its component), whose "update" asks for the one run
log = logging.getLogger("landscape_lab")


def room() -> str:
    """What a class shows above the view: "panel" (the lecturer's QR code, or a member's row), "row" (the
    lecturer's one row, the QR code folded away, or the offer to lead its class again), or "" (no class)."""
    if lecturing():
        return "row" if st.session_state.get(QR_HIDDEN) else "panel"
    if TOKEN in st.session_state:
        return "panel"
    return "row" if resume.OFFER in st.session_state else ""


def _toggle_qr() -> None:
    st.session_state[QR_HIDDEN] = not st.session_state.get(QR_HIDDEN)


def link_params() -> dict[str, str]:
    """What a student's own page's link keeps of the class: the code and their place in it, so a reload,
    or another replica after theirs went away, finds the same member (their answer counted once). The
    join link (the QR code) holds the code only."""
    state = st.session_state
    return {CLASS: state[CODE], MEMBER: state[TOKEN]} if TOKEN in state else {}


def start() -> None:
    """The lecturer's ``class.start`` (or ``?class=new``): a new session, its secret kept here only."""
    try:
        code, secret = shared().start()
    except ClassError as error:
        keep(error)
        return
    st.session_state.update({CODE: code, SECRET: secret})
    st.session_state.pop(SENT, None)


def open_class() -> None:
    """Once per session: the link's ``?class=`` starts a class or joins one; with none, the class this browser
    led is offered again (``ui.resume``)."""
    state = st.session_state
    raw = st.query_params.get(CLASS)
    if "_class.opened" in state:
        return
    state["_class.opened"] = True
    if raw is None:
        resume.find()  # the class this browser led before a reload, to offer to lead it again
        return
    if raw == "new":
        start()
        return
    try:
        code = read_code(raw)
        state.update({TOKEN: _place(code), CODE: code})
        _apply_latest()
    except ClassError as error:
        keep(error)


def _place(code: str) -> str:
    """The member token of the link, or the one this browser kept, where it is this class's; else a new place."""
    token = st.query_params.get(MEMBER) or resume.place_kept(code)  # the link's, or this browser's
    if token is not None:
        with contextlib.suppress(ClassError):
            shared().member(code, token)
            shared().follow(code, token, True)
            return token
    return shared().join(code)


def _apply_latest(told: object = 0) -> None:
    """Put the lecturer's latest view into this student's widgets (the callback of the one run a change
    asks for): the lecturer's settings but the student's own language and layout, the answers revealed
    where the lecturer revealed them; at least version ``told``, the one the page's long poll was told of."""
    state = st.session_state
    try:
        public = shared().public(state[CODE], told if type(told) is int else 0)  # a page may send anything
    except ClassError as error:
        keep(error)
        return
    state[APPLIED], state[PUBLIC] = public["version"], public
    asked = (public["question"], public["round"])
    if state.get(ASKED, asked) != asked:
        _forget_answer()  # a new question, or its second round: the student answers anew, nothing preselected
    state[ASKED] = asked
    keep_for_follower(public)
    if not following() or not public["query"]:
        return
    raw: dict[str, Any] = {k: v for k, v in parse_qs(public["query"]).items() if k not in OWN}
    config, _ = budget.fit(parse(raw, browser_lang=state.get("lang"))[0])
    seed_state(state, config)
    quiz.set_revealed(config, public["revealed"])
    state[SHOWN_VIEW] = None  # the next run notes the view the lecturer's settings gave


def _forget_answer() -> None:
    state = st.session_state
    state[quiz.CHOICE] = None  # set, not dropped: the browser's pills let go of the old choice too
    for key in (quiz.GUESS, ANSWERED):
        state.pop(key, None)


def _follow_change() -> None:
    """The callback of a follower's one run at a lecturer's change (``ui/js/hall.js``): the lecturer's latest
    view into the widgets. The long poll is drawn in the view's fragment, so the run is of that fragment alone,
    whose view switch and hall chart a follower's page draws (``app.py``), as each of 200 followers makes it
    at once (bench/bench_view_change.py); the whole page where more changed with the view (the question and
    its round; the optimizers, whose rules the page draws under the view; the question switch)."""
    state = st.session_state
    around, drawn = [state.get(key) for key in AROUND], state.get(ASKED)
    _apply_latest((state.get(FOLLOWER) or {}).get("update"))  # the version the long poll returned (hall.js)
    same = drawn is not None and drawn == state.get(ASKED) and around == [state.get(key) for key in AROUND]
    # a follower presenting on their own screen has the lecturer's scenario as the header's title
    if not (same and following() and ERROR not in state and not state.get("present")):
        redraw_page()


def explore() -> None:
    state = st.session_state
    state[EXPLORING] = True
    _member_follows(False)


def follow_again() -> None:
    st.session_state[EXPLORING] = False
    _member_follows(True)
    _apply_latest()


def _member_follows(on: bool) -> None:
    try:
        shared().follow(st.session_state[CODE], st.session_state[TOKEN], on)
    except ClassError as error:
        keep(error)


def _question(config: Config) -> Question | None:
    """The question the quiz panel asks on this run (``quiz.ASKING``), as the session asks it."""
    found = st.session_state.pop(quiz.ASKING, None)
    if not config.quiz or found is None:
        return None
    asked, answer = found
    if answer is None or not (answer.options or asked.is_point):
        return None
    (x0, x1), (y0, y1) = config.landscape_object().bounds
    fingerprint = (config.preset, config.f, config.landscape_params, config.view, config.opt, asked.kind, asked.target)
    ident = hashlib.sha256(repr(fingerprint).encode()).hexdigest()[:12]
    if asked.is_point:
        return Question(ident, "tap", bounds=(x0, x1, y0, y1))
    return Question(ident, "choice", tuple(answer.options))


def _send_answer(question: Question, is_point: bool) -> None:
    state = st.session_state
    value = quiz.guess() if is_point else state.get(quiz.CHOICE)
    # sent already: no read of the class at every run (a new question or round forgets it, _forget_answer)
    if value is None or state.get(ANSWERED) == (question.id, value):
        return
    try:
        published = shared().public(state[CODE])["question"]
        if published and published["id"] == question.id:
            shared().answer(state[CODE], state[TOKEN], list(value) if is_point else value)
            state[ANSWERED] = (question.id, value)
    except ClassError as error:
        keep(error)


def after_view(config: Config) -> None:
    """After the view is drawn: a student's answer to the session, when it changed; a lecturer's view and
    question, once each time they change, and Reveal (or "ask again") with them."""
    question = _question(config)
    if following():
        _steps_out_on_change(config)
    if following() and question is not None and quiz.hidden(config):
        # a student who revealed the answer on their own page before the lecturer did no longer predicts
        _send_answer(question, question.kind == "tap")
    if lecturing():
        _publish(config, question)
    if (refused := kept(config.lang)) is not None:  # now, where the student is: not at the top
        st.toast(refused, icon="⚠️")


def _steps_out_on_change(config: Config) -> None:
    """A follower who changes a setting themselves steps out: what they change is theirs, the lecturer's
    next change does not undo it, and they no longer count as following."""
    state = st.session_state
    view = {k: v for k, v in config.to_query().items() if k not in OWN}
    if state.get(SHOWN_VIEW) is None:
        state[SHOWN_VIEW] = view
    elif state[SHOWN_VIEW] != view:
        explore()
        st.rerun()  # the panel above the view offers "follow the lecturer" at once


def _publish(config: Config, question: Question | None) -> None:
    state = st.session_state
    query = urlencode(config.to_query())
    if resume.adopted_reveal(query):  # led again after a reload: the class's Reveal is this view's
        quiz.set_revealed(config, True)
        st.rerun()
    revealed = bool(config.quiz) and not quiz.hidden(config)
    sent = (query, question, revealed)
    before = state.get(SENT)
    if before == sent:
        return
    code, secret = state[CODE], state[SECRET]
    try:
        shared().publish(code, secret, query, question)
        changed = shared().public(code)["revealed"] != revealed
        if changed:
            shared().reveal(code, secret, revealed)
        state[SENT] = sent
    except ClassError as error:
        keep(error)
        _forget()
        return
    if changed or (before is not None and before[1] != question):
        # Reveal, "ask again" and the view's switch are the view fragment's: the panel above, drawn before
        # them, shows the hall's answers to the question now asked (or none)
        st.rerun()


def _forget() -> None:
    for key in (CODE, SECRET, TOKEN, SENT, APPLIED, PUBLIC):
        st.session_state.pop(key, None)


def end_class() -> None:
    with contextlib.suppress(ClassError):  # it expired meanwhile: ended all the same
        shared().end(st.session_state[CODE], st.session_state[SECRET])
    _forget()


def start_button(lang: str) -> None:
    """In the sidebar: start a class, unless this page leads or follows one; end the class this page leads
    (there, not in the projector's row, which it would not fit beside the counts at 20 px)."""
    if CODE not in st.session_state:
        st.button(tr("class_start", lang), key="class.start", on_click=start, help=tr("class_start_help", lang))
    elif lecturing():
        st.button(tr("class_end", lang), key="class.end", on_click=end_class)


def settings_note(lang: str) -> None:
    """In a follower's sidebar, instead of the settings' widgets: whose they are, and the way to make them
    one's own. Not drawing them makes the run each follower makes at a change of the lecturer's view
    cheaper (with the page's cheaper numbers, 23.5 → 15 ms: bench/bench_view_change.py); their values are
    kept (``persist_state``) for when the student explores."""
    st.caption(tr("class_settings_lecturers", lang))
    st.button(tr("class_explore", lang), key="class.explore_settings", on_click=explore, width="stretch")


def panel(lang: str) -> None:
    """Above the view: the lecturer's code, QR and counts, or a student's way in and out."""
    for key in (quiz.HALL_BESIDE, ROUND):  # set again below where they still belong
        st.session_state.pop(key, None)
    if (refused := kept(lang)) is not None:
        st.warning(refused, icon="⚠️")
    if lecturing():
        _lecturer_panel(lang)
    elif TOKEN in st.session_state:
        _student_panel(lang)
    elif resume.OFFER in st.session_state:
        resume.offer(lang)


def _lecturer_panel(lang: str) -> None:
    code = st.session_state[CODE]
    try:
        public = shared().public(code)
    except ClassError as error:
        st.warning(said(error.code, str(error), lang), icon="⚠️")
        _forget()
        return
    if public["question"]:  # the question's box offers the second round (ui/quiz.py)
        st.session_state[ROUND] = public["round"]
    if not st.session_state.get(QR_HIDDEN):
        _join_card(lang, code)
    row = st.container(key="class.row", horizontal=True, wrap=False, vertical_alignment="center", gap="medium")
    with row:
        if st.session_state.get(QR_HIDDEN):
            st.markdown(f"**{code}**")
        asking = bool(public["question"]) and not public["revealed"]
        early = asking and bool(st.session_state.get("class.show_hall"))  # its chart follows the answers as they come
        _live(lang, "count", public)
        _live(lang, "answers", public, redraw=early)
        qr = "class_qr_show" if st.session_state.get(QR_HIDDEN) else "class_qr_hide"
        st.button(tr(qr, lang), key="class.qr_toggle", on_click=_toggle_qr)
        if asking:  # in the row, so that the folded row offers it too
            st.toggle(tr("class_show_hall", lang), key="class.show_hall")
    if not public["question"]:
        return
    hall = (shared().hall(code, st.session_state[SECRET]), public["question"], lang)
    shown = public["revealed"] or early
    if room() == "row" and page.beside_plot(bool(st.session_state.get("present"))):
        # beside the plot, in the question's box (ui/quiz.py draws it there)
        st.session_state[quiz.HALL_BESIDE] = hall if shown else None
    elif shown:
        hall_chart(*hall)


def _join_card(lang: str, code: str) -> None:
    """The code, the QR code of the join link and the link, while the hall joins."""
    join_card(lang, code, f"{page.page_address(st.context.url or '')}?{urlencode({CLASS: code})}")


def _student_panel(lang: str) -> None:
    state = st.session_state
    code = state[CODE]
    try:
        public = shared().public(code)
    except ClassError as error:
        st.info(said(error.code, str(error), lang))
        _forget()
        return
    left, right = st.columns([3, 1])
    if following():
        asked = "class_following_asked" if public["question"] else "class_following"  # a phone shows it first
        if public["question"]:
            state[ROUND] = public["round"]
        left.caption(tr(asked, lang, code=code))
        right.button(tr("class_explore", lang), key="class.explore", on_click=explore)
        state.setdefault(PUBLIC, public)
    else:
        left.caption(tr("class_exploring", lang, code=code))
        right.button(tr("class_follow", lang), key="class.follow", on_click=follow_again, type="primary")
    keep_for_follower(public)  # drawn in the view's fragment where the page follows


def follower_poll(lang: str) -> None:
    """A follower's long poll, first in the view's fragment: its one run at a lecturer's change is a run of
    that fragment, without a run of the whole page cut short before it (``_follow_change``)."""
    public = st.session_state[PUBLIC]
    _live(lang, "follower", public, since=st.session_state.get(APPLIED, public["version"]))


def _live(lang: str, mode: str, public: Mapping[str, Any], since: int | None = None, redraw: bool = False) -> None:
    """The long-poll (``ui/js/hall.js``): the lecturer's live counts, or a follower's one run per change;
    ``redraw``: the lecturer's page runs again as answers come (its hall's chart, before Reveal)."""
    texts = {"count": tr("class_count", lang), "answers": tr("class_answers", lang)}
    args = {
        "url": f"{PREFIX.lstrip('/')}/{public['code']}/wait", "mode": mode, "texts": texts, "state": public,
        "since": public["version"] if since is None else since, "tally": public["tally"], "redraw": redraw,
        "keep": resume.kept_by(mode, public["code"]),
    }  # fmt: skip
    key = {"count": "class.count", "answers": "class.answers", "follower": FOLLOWER}[mode]
    # the lecturer's answers poll asks for a run as answers come (``redraw``), which draws the hall's chart anew
    callbacks = {"follower": {"on_update_change": _follow_change}, "answers": {"on_answers_change": lambda: None}}
    callbacks = callbacks.get(mode, {})
    assets.component("hall")(key=key, data=orjson.dumps(args), height="content", **callbacks)
