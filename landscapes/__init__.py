"""2D test functions with exact gradients, for watching optimizers move.

>>> import landscapes
>>> ls = landscapes.get("rosenbrock")
>>> float(ls.value((1.0, 1.0))), ls.grad((1.0, 1.0)).tolist()
(0.0, [0.0, 0.0])
"""

from __future__ import annotations

from typing import Any

from landscapes import multimodal, saddles, valleys
from landscapes.base import Bounds, Landscape, LandscapeSpec, bind
from landscapes.curves import CURVES, Curve
from landscapes.expression import from_expression
from landscapes.online import ReddiCounterexample

_SPECS: dict[str, LandscapeSpec] = {
    spec.name: spec
    for spec in (
        valleys.ROSENBROCK,
        valleys.QUADRATIC,
        saddles.SADDLE,
        saddles.MONKEY_SADDLE,
        multimodal.HIMMELBLAU,
        valleys.BEALE,
        valleys.BOOTH,
        multimodal.RASTRIGIN,
        multimodal.ACKLEY,
        multimodal.GOLDSTEIN_PRICE,
        multimodal.SIX_HUMP_CAMEL,
        valleys.MATYAS,
        multimodal.THREE_HUMP_CAMEL,
        multimodal.STYBLINSKI_TANG,
    )
}

__all__ = [
    "Bounds",
    "Curve",
    "Landscape",
    "LandscapeSpec",
    "ReddiCounterexample",
    "curve",
    "from_expression",
    "get",
    "names",
    "spec",
]


def names() -> list[str]:
    """Registered landscape names, in display order."""
    return list(_SPECS)


def spec(name: str) -> LandscapeSpec:
    try:
        return _SPECS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown landscape {name!r}; choose one of: {', '.join(_SPECS)}") from None


def get(name: str, **parameters: Any) -> Landscape:
    """A landscape with its parameters (omitted ones take their defaults)."""
    return bind(spec(name), **parameters)


def curve(name: str) -> Curve:
    """A one-dimensional function (homework PR3: ``curve("pr3")``)."""
    try:
        return CURVES[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown curve {name!r}; choose one of: {', '.join(CURVES)}") from None
