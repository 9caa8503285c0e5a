"""The values a select-slider offers for a parameter: a log grid for α, a '1 − 10⁻ᵏ' grid for decays.

A select slider shows the actual value (0.003, not 10^-2.5), which a plain slider on log10 α cannot.
Values from a link or a scenario that are off the grid are added to it, so they are kept exactly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np

import optimizers
from parameters import Parameter
from ui.i18n import name_of, number, tr

_MANTISSAS = (1, 1.5, 2, 3, 5, 7)
_DECAYS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999, 0.9995)


def _log_grid(lo: float, hi: float) -> list[float]:
    decades = range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
    mantissas = _MANTISSAS if len(decades) <= 6 else (1,)  # ε spans 11 decades: one stop each
    values = []
    for exponent in decades:
        for m in mantissas:
            v = float(f"{m}e{exponent}")
            if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9):
                values.append(v)
    return values


def grid(p: Parameter) -> list[float]:
    """The stops a select-slider offers for ``p`` (a fresh list: callers may extend it)."""
    return list(_grid(p))


@cache
def _grid(p: Parameter) -> tuple[float, ...]:
    return tuple(_stops(p))


def _stops(p: Parameter) -> list[float]:
    if p.stops:  # declared with the parameter (the noise's levels, the batch sizes)
        return sorted(float(v) for v in p.stops)
    lo, hi = p.slider
    if p.kind == "int":  # whole numbers, about evenly spread on a log scale (steps: 10, 20, 50, ... 5000)
        spread = {float(round(v)) for v in np.geomspace(max(lo, 1.0), hi, 31)}
        return sorted(spread | ({0.0} if lo == 0 else set()))
    if p.log:
        return _log_grid(lo, hi)
    if p.high == 1.0 and p.high_open:
        return [v for v in _DECAYS if lo <= v <= hi]
    return [float(v) for v in np.round(np.linspace(lo, hi, 41), 10)]


def options(p: Parameter, extra: Iterable[float] = ()) -> list[float]:
    """The grid with the default and any extra (valid) values merged in, sorted."""
    added = {float(v) for v in (p.default, *extra) if isinstance(v, (int, float)) and p.contains(float(v))}
    stops = _grid(p)
    if added <= set(stops):
        return list(stops)
    return sorted(set(stops) | added)


@cache
def label(value: float, lang: str = "en") -> str:
    """A stop as its slider shows it, in the language's style, as the page's tables write numbers
    (``ui.i18n.number``: "0.003" / "0,003", "1·10⁻⁸")."""
    return number(float(value), lang)


def settings_line(name: str, pairs: Sequence[tuple[str, object]], lang: str) -> str:
    """One optimizer's settings, its numbers as its sliders and the tables write them: "Adam: α = 0.05,
    ρ₁ = 0.9, …"; in Ukrainian "α = 0,05; ρ₁ = 0,9; …" (a decimal comma asks for semicolons). The link's
    box lists one per optimizer (``ui.page.share_link``), and the stage rewrites its optimizer's for
    each stop (``ui.rows``).

    >>> settings_line("sgd", (("alpha", 0.05),), "uk")
    'Градієнтний спуск (SGD): α = 0,05'
    """
    symbols = {p.name: p for p in optimizers.spec(name).hyperparameters}
    shown = [(symbols[k], v) for k, v in pairs if symbols[k].kind != "bool" and isinstance(v, float)]
    values = [f"{p.symbol} = {label(v, lang)}" for p, v in shown]
    return f"{name_of(name, lang)}: {tr('list_separator', lang).join(values)}"
