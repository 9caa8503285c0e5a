"""One colour per optimizer, the same in every chart: Okabe & Ito's colourblind-safe palette.

Okabe, M. & Ito, K., "Color Universal Design", 2002. Its yellow is left out (unreadable on a light
background); the seven others go to the methods of the lecture, and the variants reuse their
parent's colour with a dashed line (AdamW and NAdam look like Adam, but dashed).
"""

from __future__ import annotations

VERMILLION, BLUE, SKY_BLUE, GREEN, PURPLE, BLACK, ORANGE = (
    "#D55E00",
    "#0072B2",
    "#56B4E9",
    "#009E73",
    "#CC79A7",
    "#000000",
    "#E69F00",
)

STYLE: dict[str, tuple[str, str]] = {
    "sgd": (VERMILLION, "solid"),
    "momentum": (BLUE, "solid"),
    "nesterov": (SKY_BLUE, "solid"),
    "adagrad": (GREEN, "solid"),
    "rmsprop": (PURPLE, "solid"),
    "adadelta": (GREEN, "dash"),
    "adam": (ORANGE, "solid"),
    "amsgrad": (BLACK, "solid"),
    "adamw": (ORANGE, "dash"),
    "adamax": (PURPLE, "dash"),
    "nadam": (BLUE, "dash"),
}


def colour_of(name: str) -> str:
    return STYLE.get(name, (BLACK, "solid"))[0]


def dash_of(name: str) -> str:
    return STYLE.get(name, (BLACK, "dot"))[1]
