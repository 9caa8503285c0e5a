r"""Newton's method, saddle-free: the step is the gradient divided by the curvature along each axis of H.

.. math::
    H_t = \nabla^2 f(W_t) = V \Lambda V^\top,\qquad
    \tilde H_t = V\,(|\Lambda| + \delta I)\,V^\top,\qquad
    W_{t+1} = W_t - \alpha\, \tilde H_t^{-1} g_t

With α = 1 and δ = 0, where H is positive definite, this is Newton's method: on a quadratic it lands
on the minimum in one step, from anywhere, whatever the condition number; it is the reference the
adaptive methods approximate with a per-coordinate (diagonal) scale.

Where H is not positive definite (a saddle, a ridge) Newton's own step, H⁻¹g, goes *towards* the
stationary point: uphill along each direction of negative curvature, so on a saddle it settles on the
saddle. Dividing by |λ| instead (Dauphin et al.'s saddle-free Newton) keeps the step's size but turns
it downhill along those directions, so it leaves the saddle. δ > 0 (Levenberg–Marquardt damping)
shortens the steps where the curvature is small; along a direction with no curvature at all
(|λ| + δ = 0) no step is taken.

Defaults: α = 1, δ = 0. State: none, but every step needs the d x d Hessian (4 numbers here; 10¹⁶ for
100 M weights, which is why networks are trained with diagonal methods). No torch.optim twin; its
test builds H with torch's autograd instead.

References: J. Nocedal, S. Wright, "Numerical Optimization", 2nd ed., Springer 2006, ch. 3;
Y. Dauphin et al., "Identifying and attacking the saddle point problem in high-dimensional non-convex
optimization", NeurIPS 2014.

Example::

    >>> import numpy as np
    >>> H = np.array([[[1.0, 0.0], [0.0, 50.0]]])  # the κ = 50 bowl ½(x² + 50y²) at W = (2, 1)
    >>> step = newton(np.array([[2.0, 1.0]]), np.array([[2.0, 50.0]]), NewtonState(), alpha=1.0, delta=0.0, H=H)
    >>> step.direction  # H⁻¹g: exactly the way to the minimum
    array([[2., 1.]])
    >>> saddle = np.array([[[2.0, 0.0], [0.0, -2.0]]])  # x² − y² at W = (1, 0.1): g = (2, −0.2)
    >>> newton(np.array([[1.0, 0.1]]), np.array([[2.0, -0.2]]), NewtonState(), 1.0, 0.0, H=saddle).direction
    array([[ 1. , -0.1]])

So W₁ = (1, 0.1) − (1, −0.1) = (0, 0.2), off the ridge y = 0; Newton's own H⁻¹g = (1, 0.1) would land
on the saddle (0, 0).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import Array, OptimizerSpec, Step
from optimizers.hyperparameters import alpha
from parameters import Parameter


class NewtonState(NamedTuple):
    """Newton's method keeps nothing between steps; it asks for the Hessian at every step instead."""


def newton(W: Array, g: Array, state: NewtonState, alpha: float, delta: float, H: Array) -> Step:
    finite = np.isfinite(H).all(axis=(-2, -1))
    lam, V = np.linalg.eigh(np.where(finite[..., None, None], H, 0.0))
    curvature = np.abs(lam) + delta
    with np.errstate(divide="ignore", invalid="ignore"):
        inverse = np.where(curvature > 0, 1.0 / curvature, 0.0)
    along = np.einsum("...ji,...j->...i", V, g)  # g in the eigenbasis: Vᵀg
    direction = np.einsum("...ij,...j->...i", V, inverse * along)
    direction[~finite] = np.nan  # no curvature known there: the path stops
    return Step(state, scale=alpha, direction=direction)


DELTA = Parameter(
    "delta",
    "δ",
    r"\delta",
    0.0,
    low=0.0,
    high=1e6,
    slider=(0.0, 100.0),
    help="Damping: added to every |curvature| before dividing by it, so flat directions get shorter steps.",
)

SPEC = OptimizerSpec(
    name="newton",
    title="Newton's method",
    rule=newton,
    state=NewtonState,
    hyperparameters=(alpha(1.0, slider=(1e-3, 1.0)), DELTA),
    rule_latex=(
        r"H_t = \nabla^2 f(W_t) = V \Lambda V^\top,\quad "
        r"\tilde H_t = V\,(|\Lambda| + \delta I)\,V^\top,\quad "
        r"W_{t+1} = W_t - \alpha\, \tilde H_t^{-1} g_t"
    ),
    description=(
        "Divides the gradient by the curvature itself (the Hessian): the reference that adaptive methods "
        "approximate per coordinate. Where the curvature is negative (a saddle) it divides by its size, so "
        "it still goes downhill instead of settling on the saddle."
    ),
    reference="Nocedal & Wright, Numerical Optimization, 2006, ch. 3; Dauphin et al., NeurIPS 2014",
    uses_hessian=True,
)
