"""One colour per optimizer, the same in every chart: Okabe & Ito's colourblind-safe palette.

Okabe, M. & Ito, K., "Color Universal Design", 2002. Its yellow is left out (unreadable on a light
background); the seven others go to the methods of the lecture, and the variants reuse their
parent's colour with a dashed line (AdamW and NAdam look like Adam, but dashed). Each also has its own
marker shape, and paths drawn over each other get narrower widths (``widths``), so every selected path
stays visible where paths coincide, in colour and in a greyscale print.
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

STYLE: dict[str, tuple[str, str, str]] = {  # colour, dash, marker symbol
    "sgd": (VERMILLION, "solid", "circle"),
    "momentum": (BLUE, "solid", "square"),
    "nesterov": (SKY_BLUE, "solid", "triangle-up"),
    "adagrad": (GREEN, "solid", "diamond"),
    "rmsprop": (PURPLE, "solid", "cross"),
    "adadelta": (GREEN, "dash", "diamond-open"),
    "adam": (ORANGE, "solid", "triangle-down"),
    "amsgrad": (BLACK, "solid", "pentagon"),
    "adamw": (ORANGE, "dash", "triangle-down-open"),
    "adamax": (PURPLE, "dash", "x"),
    "nadam": (BLUE, "dash", "square-open"),
    "newton": (BLACK, "dashdot", "hexagon"),
    "radam": (ORANGE, "dot", "triangle-up"),
    "lion": (GREEN, "dashdot", "diamond-tall"),
    "schedule_free_adamw": (VERMILLION, "dash", "circle-open"),
    "prodigy": (SKY_BLUE, "dash", "star-square"),
}
UNKNOWN = (BLACK, "dot", "circle-open")
THINNEST, WIDEST = 3.5, 11.0


def colour_of(name: str) -> str:
    return STYLE.get(name, UNKNOWN)[0]


def dash_of(name: str) -> str:
    return STYLE.get(name, UNKNOWN)[1]


def symbol_of(name: str) -> str:
    """A marker shape per optimizer: told apart in a greyscale print too."""
    return STYLE.get(name, UNKNOWN)[2]


def widths(count: int) -> list[float]:
    """Line widths for ``count`` paths drawn one over the other, the first at the bottom: each is
    thinner than the one under it, so where paths coincide every one still shows as a band.

    >>> widths(1), widths(3)
    ([3.5], [9.0, 6.25, 3.5])
    """
    if count == 1:
        return [THINNEST]
    widest = min(WIDEST, THINNEST + 2.75 * (count - 1))
    return [round(widest - (widest - THINNEST) * k / (count - 1), 2) for k in range(count)]


def line_style(name: str, width: float) -> dict:
    return {"color": colour_of(name), "width": width, "dash": dash_of(name)}


def markers(name: str, every: int = 12, size: float = 9) -> dict:
    """A few markers of the optimizer's shape along its line (``every``: how many are drawn at most)."""
    return {
        "symbol": symbol_of(name),
        "color": colour_of(name),
        "size": size,
        "maxdisplayed": every,
        "line": {"color": "white", "width": 1},
    }
