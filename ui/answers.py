"""The answers to the quiz's questions, worked out from the very runs the page then shows, so an answer
can never disagree with the chart: one function per kind of question, found through ``KINDS``.

Each answer takes the config, the question and the ``Evidence`` the view has (its paths, the online
iterates, the sensitivity map); one that lacks what it needs gives None.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

import optimizers
from ui.config import Config
from ui.i18n import name_of, number, tn, tr
from ui.scenarios import Question
from viz.paths import PathView


@dataclass(frozen=True)
class Answer:
    """The right choices (option ids), or for a point question the true point; ``text`` says why."""

    text: str
    right: frozenset[str] = frozenset()
    point: tuple[float, float] | None = None
    options: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    """What a view computed that an answer may need."""

    paths: Sequence[PathView] = ()
    minimum: float | None = None  # the 1D curve's minimum (PR3)
    iterates: Mapping[str, np.ndarray] | None = None  # Reddi's problem: each optimizer's x_t
    sweep: tuple[np.ndarray, np.ndarray, str] | None = None  # the sensitivity map: α, final loss, the decay's symbol


OPTION_KEYS = {"none": "quiz_none", "yes": "quiz_yes", "no": "quiz_no"}


def _names(names: Sequence[str], lang: str) -> str:
    return ", ".join(name_of(n, lang) for n in names)


def _options(config: Config, extra: Sequence[str] = ()) -> tuple[tuple[str, ...], dict[str, str]]:
    options = (*config.opt, *extra)
    labels = {n: name_of(n, config.lang) for n in config.opt}
    labels |= {e: tr(OPTION_KEYS[e], config.lang) for e in extra}
    return options, labels


def first_answer(config: Config, asked: Question, evidence: Evidence) -> Answer:
    """Which path comes within tolerance of a global minimum first (``PathView.reached_at``)."""
    reached = {p.name: p.reached_at for p in evidence.paths if p.reached_at is not None}
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


def end_answer(config: Config, asked: Question, evidence: Evidence) -> Answer | None:
    """Where the question's target optimizer's path ends (its last finite point)."""
    target = asked.target
    path = next((p for p in evidence.paths if p.name == target), None)
    if path is None or path.steps.size == 0:
        return None
    x, y = (float(c) for c in path.points[-1])
    lang = config.lang
    text = tr("answer_end", lang, name=name_of(target, lang), x=number(x, lang, 3), y=number(y, lang, 3))
    return Answer(text, point=(x, y))


ESCAPE = 1.0  # |y| beyond which a path has left the saddle's ridge y = 0


def escape_answer(config: Config, asked: Question, evidence: Evidence) -> Answer:
    """Which path first moves more than ``ESCAPE`` off the ridge y = 0 of the saddle."""
    left = {}
    for p in evidence.paths:
        away = np.flatnonzero(np.abs(p.points[:, 1]) > ESCAPE)
        if away.size:
            left[p.name] = int(p.steps[away[0]])
    return _earliest(config, left, "answer_escape", "answer_escape_none")


def overshoot_answer(config: Config, asked: Question, evidence: Evidence) -> Answer | None:
    """Which 1D paths go past the curve's minimum (to its other side) at some step."""
    paths, minimum = evidence.paths, evidence.minimum
    if minimum is None:
        return None
    options, labels = _options(config, ("none",))
    start = {p.name: float(p.points[0, 0]) for p in paths}
    past = [p.name for p in paths if np.any(np.sign(p.points[:, 0] - minimum) == -np.sign(start[p.name] - minimum))]
    if not past:
        return Answer(tr("answer_overshoot_none", config.lang), frozenset({"none"}), options=options, labels=labels)
    text = tr("answer_overshoot", config.lang, names=_names(past, config.lang), minimum=number(minimum, config.lang))
    return Answer(text, frozenset(past), options=options, labels=labels)


def reddi_answer(config: Config, asked: Question, evidence: Evidence) -> Answer | None:
    """Where Adam ends on Reddi et al.'s problem: at the worst point x = 1 or the best, x = −1."""
    iterates = evidence.iterates or {}
    if "adam" not in iterates:
        return None
    end = float(iterates["adam"][-1])
    side = "plus" if end > 0 else "minus"
    labels = {"minus": "x = −1", "plus": "x = 1"}
    text = tr("answer_reddi", config.lang, x=number(end, config.lang, 3))
    return Answer(text, frozenset({side}), options=("minus", "plus"), labels=labels)


def memory_answer(config: Config, asked: Question, evidence: Evidence) -> Answer:
    """Which chosen optimizer keeps the most state vectors per weight."""
    options, labels = _options(config)
    kept = {n: optimizers.spec(n).state_vectors for n in config.opt}
    most = max(kept.values(), default=0)
    winners = [n for n, k in kept.items() if k == most]
    text = tn("answer_memory", most, config.lang, names=_names(winners, config.lang))
    return Answer(text, frozenset(winners), options=options, labels=labels)


def interact_answer(config: Config, asked: Question, evidence: Evidence) -> Answer | None:
    """Whether the best α (lowest final loss) differs between the rows of the sensitivity map."""
    if evidence.sweep is None:
        return None
    alphas, z, symbol = evidence.sweep
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


@dataclass(frozen=True)
class Kind:
    """A kind of question: its words in the catalogs ("end" has a plural, with the steps), and its answer
    (None where the hall predicts without a right answer)."""

    words: str
    answer: Callable[[Config, Question, Evidence], Answer | None] | None = None


KINDS: dict[str, Kind] = {
    "first": Kind("quiz_first", first_answer),
    "end": Kind("quiz_end", end_answer),
    "escape": Kind("quiz_escape", escape_answer),
    "overshoot": Kind("quiz_overshoot", overshoot_answer),
    "reddi": Kind("quiz_reddi", reddi_answer),
    "memory": Kind("quiz_memory", memory_answer),
    "interact": Kind("quiz_interact", interact_answer),
    "predict": Kind("quiz_predict"),
}


def answer(config: Config, asked: Question, evidence: Evidence) -> Answer | None:
    """The answer to ``asked``, from what the view computed."""
    found = KINDS[asked.kind].answer
    return None if found is None else found(config, asked, evidence)
