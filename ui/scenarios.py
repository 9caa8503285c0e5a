"""The lecture's claims, one click each: every scenario is one declaration (``Scenario``) and a link
(``?preset=<name>``) that sets up the page: its settings, the question it asks in quiz mode and the charts
its claim needs opened. Its words (title, text tying the plot to the slide, question) live in the language
catalogs (``ui/locales``); its numbers are checked in tests/test_scenarios.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    """What a view asks in quiz mode: ``kind`` names how it is answered (``ui.quiz.KINDS``); ``target`` is
    the optimizer a question about one path ("where does AdaGrad end?") is about."""

    kind: str
    target: str = ""

    @property
    def is_point(self) -> bool:
        """Answered by a tap on the plot, not by a choice."""
        return self.kind == "end"


@dataclass(frozen=True)
class Scenario:
    """One claim of the lecture: the page's settings that show it (as a link's parameters), its question,
    and the charts or sections it opens beside its view ("step_sizes", "early_steps", "rotation")."""

    name: str
    question: Question
    settings: Mapping[str, str]
    opens: tuple[str, ...] = ()

    @property
    def view(self) -> str:
        return self.settings.get("view", "paths")


# Rosenbrock from the homework's start, as PR4 sets it
PR4_START = {"f": "rosenbrock", "x0": "-1.5", "y0": "2.5"}

SCENARIOS: dict[str, Scenario] = {
    scenario.name: scenario
    for scenario in (
        Scenario(
            "pr4",
            Question("first"),
            {
                **PR4_START,
                "opt": "sgd,momentum,adam",
                "sgd.alpha": "0.001",
                "momentum.alpha": "0.001",
                "momentum.beta": "0.9",
                "adam.alpha": "0.1",
                "steps": "1000",
                "view": "paths",
            },
        ),
        Scenario(
            "one_lr",
            Question("first"),
            {
                "f": "quadratic",
                "f.kappa": "500",
                "f.theta": "0",
                "opt": "sgd,rmsprop,adam",
                "sgd.alpha": "0.0039",  # just under 2/κ = 0.004, where GD diverges
                "rmsprop.alpha": "0.03",
                "rmsprop.rho": "0.99",
                "adam.alpha": "0.1",
                "x0": "-2.5",
                "y0": "1.5",
                "steps": "150",
                "view": "paths",
                "curv": "1",
            },
        ),
        Scenario(
            "adagrad_vanishes",
            Question("end", target="adagrad"),
            {
                **PR4_START,
                "opt": "adagrad,rmsprop",
                "adagrad.alpha": "0.5",
                "rmsprop.alpha": "0.01",
                "rmsprop.rho": "0.9",
                "steps": "2000",
                "view": "paths",
            },
            opens=("step_sizes",),
        ),
        Scenario(
            "rmsprop_nonconvex",
            Question("end", target="rmsprop"),
            {
                "f": "himmelblau",
                "opt": "adagrad,rmsprop",
                "adagrad.alpha": "0.05",
                "rmsprop.alpha": "0.05",
                "rmsprop.rho": "0.9",
                "x0": "0",
                "y0": "0",
                "steps": "500",
                "view": "paths",
            },
        ),
        Scenario(
            "adam_parts",
            Question("first"),
            {
                **PR4_START,
                "opt": "momentum,rmsprop,adam",
                "momentum.alpha": "0.001",
                "momentum.beta": "0.9",
                "rmsprop.alpha": "0.01",
                "rmsprop.rho": "0.9",
                "adam.alpha": "0.1",
                "steps": "1000",
                "view": "paths",
            },
            opens=("early_steps",),
        ),
        Scenario(
            "adam_fails",
            Question("reddi"),
            {
                "opt": "adam,amsgrad",
                "adam.alpha": "0.5",
                "amsgrad.alpha": "0.5",
                "steps": "3000",
                "view": "reddi",
            },
        ),
        Scenario(
            "saddle",
            Question("escape"),
            {
                "f": "saddle",
                "opt": "sgd,momentum,adam",
                "sgd.alpha": "0.05",
                "momentum.alpha": "0.05",
                "momentum.beta": "0.9",
                "adam.alpha": "0.1",
                "x0": "-1.8",
                "y0": "0.001",
                "steps": "150",
                "view": "paths",
            },
        ),
        Scenario(
            "rotation",
            Question("first"),
            {
                "f": "quadratic",
                "f.kappa": "50",
                "f.theta": "45",
                "opt": "sgd,adam",
                "sgd.alpha": "0.038",
                "adam.alpha": "0.1",
                "x0": "-2.5",
                "y0": "1.5",
                "steps": "300",
                "view": "paths",
                "curv": "1",
            },
            opens=("rotation",),
        ),
        Scenario(
            "memory",
            Question("memory"),
            {"opt": "sgd,momentum,adagrad,rmsprop,adam,amsgrad", "view": "memory"},
        ),
        Scenario(
            "adam_tuning",
            Question("interact"),
            {
                **PR4_START,
                "opt": "adam,momentum",
                "adam.alpha": "0.1",
                "momentum.alpha": "0.001",
                "steps": "500",
                "view": "sweep",
            },
        ),
        Scenario(
            "pr3",
            Question("overshoot"),
            {
                "opt": "sgd,momentum",
                "sgd.alpha": "0.003",
                "momentum.alpha": "0.003",
                "momentum.beta": "0.9",
                "steps": "300",
                "view": "pr3",
                "pr3.x0": "2.5",
            },
        ),
        Scenario(
            "after_adam",
            Question("first"),
            {
                "f": "regression",
                "opt": "adam,adamw,lion,schedule_free_adamw,prodigy",
                "adam.alpha": "0.1",
                "adamw.alpha": "0.1",
                "adamw.weight_decay": "0",
                "adamw.sched": "warmup_cosine",
                "adamw.sched.warmup": "30",
                "adamw.sched.t_max": "600",
                "lion.alpha": "0.01",
                "schedule_free_adamw.alpha": "0.1",
                "batch": "8",
                "steps": "600",
                "view": "paths",
            },
        ),
    )
}


def opened(preset: str, part: str) -> bool:
    """Whether the scenario ``preset`` (or none, "") opens the chart or section ``part`` beside its view."""
    return bool(preset) and part in SCENARIOS[preset].opens
