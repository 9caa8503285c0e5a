r"""Reddi, Kale & Kumar's online problem on which Adam does not converge (ICLR 2018, Theorem 1).

.. math::
    f_t(x) = \begin{cases} C\,x & t \bmod 3 = 1 \\ -x & \text{otherwise} \end{cases},
    \qquad x \in \mathcal F = [-1, 1],\quad C > 2

Over every three steps the losses sum to (C − 2)x, so the best fixed point is x* = −1. With
ρ₁ = 0, ρ₂ = 1/(1 + C²) and α_t = α/√t, Adam's large gradient C is damped by its large r_t while the
two small −1 gradients, seen after r_t has decayed, each move it as far up: Adam drifts to +1.
AMSGrad keeps the largest r_t and converges to −1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from landscapes.base import Array
from parameters import CoreError


@dataclass(frozen=True)
class ReddiCounterexample:
    C: float = 3.0
    bounds: tuple[tuple[float, float], ...] = ((-1.0, 1.0),)
    reference: str = "Reddi, Kale & Kumar, On the Convergence of Adam and Beyond, ICLR 2018, Theorem 1"
    latex: str = (
        r"f_t(x) = \begin{cases} C x, & t \bmod 3 = 1 \\ -x, & \text{otherwise} \end{cases}"
        r",\qquad x \in [-1, 1]"
    )

    def __post_init__(self) -> None:
        if not (isinstance(self.C, (int, float)) and 2 < self.C < 1e6):
            raise CoreError("C must be greater than 2 (and below 10⁶), got {given}", given=repr(self.C))

    @property
    def rho2(self) -> float:
        """The paper's ρ₂ = 1/(1 + C²)."""
        return 1.0 / (1.0 + self.C**2)

    def slope(self, t: int) -> float:
        return self.C if t % 3 == 1 else -1.0

    def value(self, x: Array, t: int) -> Array:
        return self.slope(t) * np.asarray(x)[..., 0]

    def grad(self, x: Array, t: int) -> Array:
        return np.full_like(np.asarray(x, dtype=float), self.slope(t))
