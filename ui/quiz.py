"""Predict, then reveal (``quiz=1``): peer instruction in the demo.

Each view keeps the landscape and hides what gives its answer away (paths, loss curves, tables) until
the student presses Reveal (key ``quiz.reveal``). The question is the scenario's own, or the view's
when there is no scenario; a student answers by choosing (``quiz.choice``) or, for "where does it
end?", by tapping the plot (the guess lives in their own session). The answer is computed from the
very runs the page then shows, so it can never disagree with the chart.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

import optimizers
from ui.config import Config
from ui.i18n import name_of, number, scenario_text, tn, tr
from ui.scenarios import QUESTIONS, SCENARIOS
from viz.paths import PathView

SHOWN = "quiz.shown"  # the setting whose answer is revealed (session state)
GUESS = "quiz.guess"  # the tapped (x, y) (session state)
CLOSE_SHARE = 0.1  # a guess within this share of the window's width counts as right


@dataclass(frozen=True)
class Question:
    """What a view asks: ``kind`` names the question, answered by this module's ``<kind>_answer`` from the
    runs the view shows (each view calls those of its own questions: the paths view ``first_answer``,
    ``end_answer`` and ``escape_answer``; "predict" has no answer); ``target`` is the optimizer a point
    question is about."""

    kind: str
    target: str = ""

    @property
    def is_point(self) -> bool:
        return self.kind == "end"


@dataclass(frozen=True)
class Answer:
    """The right choices (option ids), or for a point question the true point; ``text`` says why."""

    text: str
    right: frozenset[str] = frozenset()
    point: tuple[float, float] | None = None
    options: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)


QUESTION_KEYS = {  # a question's words in the catalogs, by kind ("end" has a plural: ``question_text``)
    "first": "quiz_first",
    "escape": "quiz_escape",
    "overshoot": "quiz_overshoot",
    "reddi": "quiz_reddi",
    "memory": "quiz_memory",
    "interact": "quiz_interact",
    "predict": "quiz_predict",
}
OPTION_KEYS = {"none": "quiz_none", "yes": "quiz_yes", "no": "quiz_no"}
VIEW_QUESTIONS = {  # a view's question when no scenario sets one
    "paths": "end",
    "surface": "first",
    "sweep": "interact",
    "reddi": "reddi",
    "pr3": "overshoot",
    "memory": "memory",
}


def question(config: Config) -> Question:
    """The scenario's question where the page shows the scenario's view; else the view's own."""
    if config.preset and SCENARIOS[config.preset].get("view", "paths") == config.view:
        kind, _, target = QUESTIONS[config.preset].partition(":")
    else:
        kind, target = VIEW_QUESTIONS.get(config.view, "predict"), ""
    if kind == "end":
        target = target if target in config.optimizers else (config.optimizers or ("",))[0]
        if not target:
            kind = "predict"
    return Question(kind, target)


def question_text(config: Config, asked: Question) -> str:
    if config.preset and SCENARIOS[config.preset].get("view", "paths") == config.view:
        return scenario_text(config.preset, "question", config.lang)
    if asked.kind == "end":
        return tn("quiz_end", config.steps, config.lang, name=name_of(asked.target, config.lang))
    return tr(QUESTION_KEYS[asked.kind], config.lang)


def _fingerprint(config: Config) -> tuple:
    """What a revealed answer belongs to: another scenario, function, view or choice of optimizers asks anew."""
    return (config.preset, config.landscape, config.landscape_params, config.view, config.optimizers)


def hidden(config: Config) -> bool:
    """Whether the answers are still hidden: quiz mode, and not yet revealed for this setting."""
    return config.quiz and st.session_state.get(SHOWN) != _fingerprint(config)


def place_guess(x: float, y: float) -> None:
    st.session_state[GUESS] = (round(x, 3), round(y, 3))


def guess() -> tuple[float, float] | None:
    return st.session_state.get(GUESS)


def shows_answers(config: Config, asked: Question, answer: Answer | None) -> bool:
    """In quiz mode, the question panel; whether the view may now show what gives the answer away."""
    if not config.quiz:
        return True
    panel(config, asked, answer)
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
                key="quiz.choice",
                disabled=revealed,
            )
        elif asked.is_point and not revealed:
            st.caption(tr("quiz_tap", lang) if guess() is None else tr("quiz_tapped", lang))
        elif not revealed:
            st.caption(tr("quiz_predict_help", lang))
        if not revealed:
            st.button(tr("quiz_reveal", lang), key="quiz.reveal", type="primary", on_click=_reveal, args=(config,))
            return
        if answer is not None:
            st.markdown(_verdict(config, asked, answer))
        st.button(tr("quiz_again", lang), key="quiz.again", on_click=_again)


def _reveal(config: Config) -> None:
    st.session_state[SHOWN] = _fingerprint(config)


def _again() -> None:
    for key in (SHOWN, GUESS, "quiz.choice"):
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
    chosen = st.session_state.get("quiz.choice")
    if chosen is None:
        return answer.text
    return f"{tr('quiz_right' if chosen in answer.right else 'quiz_wrong', lang)} {answer.text}"


# ---- the answers, from the runs the page shows ----------------------------------------------------


def _names(names: Sequence[str], lang: str) -> str:
    return ", ".join(name_of(n, lang) for n in names)


def _options(config: Config, extra: Sequence[str] = ()) -> tuple[tuple[str, ...], dict[str, str]]:
    options = (*config.optimizers, *extra)
    labels = {n: name_of(n, config.lang) for n in config.optimizers}
    labels |= {e: tr(OPTION_KEYS[e], config.lang) for e in extra}
    return options, labels


def first_answer(config: Config, paths: Sequence[PathView]) -> Answer:
    """Which path comes within tolerance of a global minimum first (``PathView.reached_at``)."""
    reached = {p.name: p.reached_at for p in paths if p.reached_at is not None}
    return _earliest(config, reached, "answer_first", "answer_first_none")


def _earliest(config: Config, steps: Mapping[str, int], message: str, no_one: str) -> Answer:
    """The optimizers that did it at the earliest step, told by ``message``; where none did, "none",
    told by ``no_one``."""
    options, labels = _options(config, ("none",))
    if not steps:
        text = tn(no_one, config.steps, config.lang)
        return Answer(text, frozenset({"none"}), options=options, labels=labels)
    step = min(steps.values())
    winners = [n for n, k in steps.items() if k == step]
    text = tr(message, config.lang, names=_names(winners, config.lang), step=step)
    return Answer(text, frozenset(winners), options=options, labels=labels)


def end_answer(config: Config, paths: Sequence[PathView], target: str) -> Answer | None:
    """Where the ``target`` optimizer's path ends (its last finite point)."""
    path = next((p for p in paths if p.name == target), None)
    if path is None or path.steps.size == 0:
        return None
    x, y = (float(c) for c in path.points[-1])
    lang = config.lang
    text = tr("answer_end", lang, name=name_of(target, lang), x=number(x, lang, 3), y=number(y, lang, 3))
    return Answer(text, point=(x, y))


ESCAPE = 1.0  # |y| beyond which a path has left the saddle's ridge y = 0


def escape_answer(config: Config, paths: Sequence[PathView]) -> Answer:
    """Which path first moves more than ``ESCAPE`` off the ridge y = 0 of the saddle."""
    left = {}
    for p in paths:
        away = np.flatnonzero(np.abs(p.points[:, 1]) > ESCAPE)
        if away.size:
            left[p.name] = int(p.steps[away[0]])
    return _earliest(config, left, "answer_escape", "answer_escape_none")


def overshoot_answer(config: Config, paths: Sequence[PathView], minimum: float) -> Answer:
    """Which 1D paths go past the minimum ``minimum`` (to its other side) at some step."""
    options, labels = _options(config, ("none",))
    start = {p.name: float(p.points[0, 0]) for p in paths}
    past = [p.name for p in paths if np.any(np.sign(p.points[:, 0] - minimum) == -np.sign(start[p.name] - minimum))]
    if not past:
        return Answer(tr("answer_overshoot_none", config.lang), frozenset({"none"}), options=options, labels=labels)
    text = tr("answer_overshoot", config.lang, names=_names(past, config.lang), minimum=number(minimum, config.lang))
    return Answer(text, frozenset(past), options=options, labels=labels)


def reddi_answer(config: Config, iterates: Mapping[str, np.ndarray]) -> Answer | None:
    """Where Adam ends on Reddi et al.'s problem: at the worst point x = 1 or the best, x = −1."""
    if "adam" not in iterates:
        return None
    end = float(iterates["adam"][-1])
    side = "plus" if end > 0 else "minus"
    labels = {"minus": "x = −1", "plus": "x = 1"}
    text = tr("answer_reddi", config.lang, x=number(end, config.lang, 3))
    return Answer(text, frozenset({side}), options=("minus", "plus"), labels=labels)


def memory_answer(config: Config) -> Answer:
    """Which chosen optimizer keeps the most state vectors per weight."""
    options, labels = _options(config)
    kept = {n: optimizers.spec(n).state_vectors for n in config.optimizers}
    most = max(kept.values(), default=0)
    winners = [n for n, k in kept.items() if k == most]
    text = tn("answer_memory", most, config.lang, names=_names(winners, config.lang))
    return Answer(text, frozenset(winners), options=options, labels=labels)


def interact_answer(config: Config, alphas: np.ndarray, z: np.ndarray, symbol: str) -> Answer:
    """Whether the best α (lowest final loss) differs between the rows of the sensitivity map."""
    lang = config.lang
    labels = {option: tr(OPTION_KEYS[option], lang) for option in ("yes", "no")}
    rows = np.atleast_2d(z)
    finite = np.isfinite(rows).any(axis=1)
    best = [float(alphas[int(np.nanargmin(row))]) for row in rows[finite]]
    if len(set(best)) > 1:
        lo, hi = number(min(best), lang, 2), number(max(best), lang, 2)
        text, right = tr("answer_interact_differs", lang, lo=lo, hi=hi, symbol=symbol), "no"
    else:
        alpha = number(best[0], lang, 2) if best else "—"
        text, right = tr("answer_interact_same", lang, alpha=alpha, symbol=symbol), "yes"
    return Answer(text, frozenset({right}), options=("yes", "no"), labels=labels)
