"""Predict, then reveal (``quiz=1``): peer instruction in the demo.

Each view keeps the landscape and hides what gives its answer away (paths, loss curves, tables) until
the student presses Reveal (key ``quiz.reveal``). The question is the scenario's own, or the view's
when there is no scenario; a student answers by choosing (``quiz.choice``) or, for "where does it
end?", by tapping the plot (the guess lives in their own session). The answer is computed from the
very runs the page then shows, so it can never disagree with the chart.
"""

from __future__ import annotations

import contextlib
import math

import streamlit as st

from ui.answers import KINDS, Answer, Evidence, answer
from ui.config import Config
from ui.hall_chart import hall_chart
from ui.i18n import name_of, number, scenario_text, tn, tr
from ui.membership import asked_round, following, lecturing, vote_again
from ui.scenarios import SCENARIOS, Question
from ui.state import redraw_page
from ui.views import VIEWS

SHOWN = "quiz.shown"  # the setting whose answer is revealed (session state)
GUESS = "quiz.guess"  # the tapped (x, y) (session state)
CHOICE = "quiz.choice"  # the chosen answer (its widget's key)
# a class's answers to show under the verdict, (hall, question, lang) as ui.hall_chart takes them: set by
# the lecturer's panel (ui/hall.py) where the question's box stands beside the plot
HALL_BESIDE = "_class.hall_beside"
ASKING = "quiz.asking"  # this run's question and its answer, for a class session (ui/hall.py reads it)
CLOSE_SHARE = 0.1  # a guess within this share of the window's width counts as right


def _scenario_asks(config: Config) -> bool:
    return bool(config.preset) and SCENARIOS[config.preset].view == config.view


def question(config: Config) -> Question:
    """The scenario's question where the page shows the scenario's view; else the view's own."""
    asked = SCENARIOS[config.preset].question if _scenario_asks(config) else Question(VIEWS[config.view].question)
    kind, target = asked.kind, asked.target
    if kind == "end":
        target = target if target in config.opt else (config.opt or ("",))[0]
        if not target:
            kind = "predict"
    return Question(kind, target)


def question_text(config: Config, asked: Question) -> str:
    if _scenario_asks(config):
        return scenario_text(config.preset, "question", config.lang)
    if asked.kind == "end":
        return tn(KINDS["end"].words, config.steps, config.lang, name=name_of(asked.target, config.lang))
    return tr(KINDS[asked.kind].words, config.lang)


def _fingerprint(config: Config) -> tuple:
    """What a revealed answer belongs to: another scenario, function, view or choice of optimizers asks anew."""
    return (config.preset, config.f, config.landscape_params, config.view, config.opt)


def hidden(config: Config) -> bool:
    """Whether the answers are still hidden: quiz mode, and not yet revealed for this setting."""
    return config.quiz and st.session_state.get(SHOWN) != _fingerprint(config)


def place_guess(x: float, y: float) -> None:
    st.session_state[GUESS] = (round(x, 3), round(y, 3))


def guess() -> tuple[float, float] | None:
    return st.session_state.get(GUESS)


def shows_answers(config: Config, evidence: Evidence, asked: Question | None = None) -> bool:
    """In quiz mode, the question panel (the view's question, or ``asked``), answered from ``evidence``;
    whether the view may now show what gives the answer away."""
    if not config.quiz:
        return True
    asked = asked or question(config)
    answered = answer(config, asked, evidence)
    st.session_state[ASKING] = (asked, answered)
    panel(config, asked, answered)
    return not hidden(config)


def panel(config: Config, asked: Question, answer: Answer | None) -> None:
    """The question, the student's input and Reveal; after it, the answer beside their guess."""
    lang = config.lang
    with st.container(border=True, key="quizbox"):
        st.markdown(f"**{question_text(config, asked)}**")
        revealed = not hidden(config)
        if answer is not None and answer.options:
            st.pills(
                tr("quiz_choose", lang),
                answer.options,
                format_func=lambda option: answer.labels.get(option, option),
                key=CHOICE,
                disabled=revealed,
            )
        elif asked.is_point and not revealed:
            st.caption(tr("quiz_tap", lang) if guess() is None else tr("quiz_tapped", lang))
        elif not revealed:
            st.caption(tr("quiz_predict_help", lang))
        led = following()  # in a class the lecturer reveals, on every follower's page at once
        if not revealed and led:
            st.caption(tr("quiz_second_vote" if asked_round() == 2 else "quiz_lecturer_reveals", lang))
        elif revealed and answer is not None:
            st.markdown(_verdict(config, asked, answer))
        if hall := hall_beside():  # the lecturer's: after Reveal, or before it where they chose to show it
            hall_chart(*hall, narrow=True)
        if not led:
            _buttons(config, revealed)


def _buttons(config: Config, revealed: bool) -> None:
    """Reveal, or after it "hide and ask again". Where this page leads a class's first vote, the second (vote,
    discuss, vote again) beside Reveal, as peer instruction has it, and after Reveal in place of asking again
    (which it does too, with the first vote's answers kept beside): two buttons in the box beside the plot."""
    lang = config.lang
    second = lecturing() and asked_round() == 1
    with st.container(horizontal=True, key="quiz.buttons") if second else contextlib.nullcontext():
        if not revealed:
            st.button(tr("quiz_reveal", lang), key="quiz.reveal", type="primary", on_click=_reveal, args=(config,))
        elif not second:
            st.button(tr("quiz_again", lang), key="quiz.again", on_click=_again)
        if second:
            words, help = tr("class_again", lang), tr("class_again_help", lang)
            st.button(words, key="class.again", on_click=_vote_again, help=help)


def hall_beside() -> tuple | None:
    """The hall's answers (hall, question, lang) the question's box shows beside the plot, if it does."""
    return st.session_state.get(HALL_BESIDE)


def set_revealed(config: Config, revealed: bool) -> None:
    """As the lecturer of a class revealed (or hid again) the answers for this setting."""
    if revealed:
        _reveal(config)
    else:
        st.session_state.pop(SHOWN, None)


def _reveal(config: Config) -> None:
    st.session_state[SHOWN] = _fingerprint(config)


def _vote_again() -> None:
    vote_again()
    st.session_state.pop(SHOWN, None)  # the answers hide again for the second vote
    redraw_page()  # the class's row above the view and its hall's chart: round 2's


def _again() -> None:
    for key in (SHOWN, GUESS, CHOICE):
        st.session_state.pop(key, None)


def _verdict(config: Config, asked: Question, answer: Answer) -> str:
    lang = config.lang
    if asked.is_point:
        placed = guess()
        if placed is None or answer.point is None:
            return answer.text
        distance = math.dist(placed, answer.point)
        (x0, x1), _ = config.landscape_object().bounds
        right = distance <= CLOSE_SHARE * (x1 - x0)
        mark = tr("quiz_right" if right else "quiz_wrong", lang)
        gx, gy = (number(c, lang, 3) for c in placed)
        return f"{mark} {answer.text} " + tr("quiz_distance", lang, gx=gx, gy=gy, distance=number(distance, lang, 2))
    chosen = st.session_state.get(CHOICE)
    if chosen is None:
        return answer.text
    return f"{tr('quiz_right' if chosen in answer.right else 'quiz_wrong', lang)} {answer.text}"
