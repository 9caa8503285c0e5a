"""One-dimensional functions, for the homework PR3 (gradient descent vs momentum in 1D)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from landscapes.base import Array


@dataclass(frozen=True)
class Curve:
    """f(x) with its exact derivative; points have shape (..., 1), like a landscape's (..., 2)."""

    name: str
    title: str
    latex: str
    bounds: tuple[tuple[float, float]]
    start: tuple[float]
    minima: tuple[tuple[float], ...]
    f_min: float
    f: Callable[[Array], Array]
    df: Callable[[Array], Array]
    d2f: Callable[[Array], Array]
    reference: str = ""

    def value(self, p: Array) -> Array:
        return self.f(np.asarray(p, dtype=float)[..., 0])

    def grad(self, p: Array) -> Array:
        return self.df(np.asarray(p, dtype=float)[..., 0])[..., None]

    def hess(self, p: Array) -> Array:
        """f''(x) as a 1 x 1 matrix per point: shape (..., 1, 1)."""
        return np.asarray(self.d2f(np.asarray(p, dtype=float)[..., 0]), dtype=float)[..., None, None]


PR3 = Curve(
    name="pr3",
    title="(x − 1)⁶ + 0.5(x − 1)²",
    latex=r"f(x) = (x - 1)^6 + 0.5\,(x - 1)^2",
    bounds=((-1.0, 3.0),),
    start=(-1.0,),
    minima=((1.0,),),
    f_min=0.0,
    f=lambda x: (x - 1) ** 6 + 0.5 * (x - 1) ** 2,
    df=lambda x: 6 * (x - 1) ** 5 + (x - 1),
    d2f=lambda x: 30 * (x - 1) ** 4 + 1,
    reference="Course homework PR3, gradient descent with momentum",
)

CURVES = {PR3.name: PR3}
