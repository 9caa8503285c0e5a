"""2D test functions with exact gradients, for watching optimizers move.

>>> import landscapes
>>> ls = landscapes.get("rosenbrock")
>>> float(ls.value((1.0, 1.0))), ls.grad((0.0, 0.0)).tolist()  # f* = 0 at (1, 1); ∇f at the origin
(0.0, [-2.0, 0.0])
"""

from __future__ import annotations

from typing import Any

from landscapes import multimodal, regression, saddles, valleys
from landscapes.base import Bounds, Landscape, LandscapeSpec, bind
from landscapes.base import family as _family
from landscapes.curves import CURVES, Curve
from landscapes.expression import from_expression
from landscapes.online import ReddiCounterexample
from parameters import CoreError, Registry

REGISTRY: Registry[LandscapeSpec] = Registry(
    "unknown landscape {name}; choose one of: {choices}",
    (
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
        regression.REGRESSION,
    ),
)
names = REGISTRY.names
spec = REGISTRY.spec

__all__ = [
    "Bounds",
    "Curve",
    "Landscape",
    "LandscapeSpec",
    "ReddiCounterexample",
    "curve",
    "family",
    "from_expression",
    "get",
    "names",
    "spec",
]


def get(name: str, **parameters: Any) -> Landscape:
    """A landscape with its parameters (omitted ones take their defaults)."""
    return bind(spec(name), **parameters)


def family(name: str, **parameters: Any) -> Landscape:
    """Several landscapes at once for a batched run: ``family("quadratic", theta=[0, 15, 30])``."""
    return _family(spec(name), **parameters)


def curve(name: str) -> Curve:
    """A one-dimensional function (homework PR3: ``curve("pr3")``)."""
    try:
        return CURVES[name]
    except (KeyError, TypeError):
        raise CoreError(
            "unknown curve {name}; choose one of: {choices}", name=repr(name), choices=", ".join(CURVES)
        ) from None
