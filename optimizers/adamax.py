r"""Adamax: Adam with the infinity norm in place of the root mean square.

.. math::
    p_t = \rho_1 p_{t-1} + (1 - \rho_1)\, g_t, \qquad
    u_t = \max(\rho_2 u_{t-1},\ |g_t| + \varepsilon), \qquad
    W_{t+1} = W_t - \frac{\alpha}{(1 - \rho_1^t)\, u_t} \odot p_t

with :math:`p_0 = u_0 = 0`. Defaults: α = 0.002, ρ₁ = 0.9, ρ₂ = 0.999, ε = 1e-8. State: p, u
(2 vectors per weight). Same as ``torch.optim.Adamax(lr=α, betas=(ρ₁, ρ₂), eps=ε)``.

Reference: D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, section 7.1.

Example (u₁ = |g₀|, so the first step is again α·sign(g))::

    >>> import numpy as np
    >>> zeros = np.zeros((1, 2))
    >>> step = adamax(None, np.array([[2.0, -5.0]]), AdamaxState(zeros, zeros), 0.1, 0.9, 0.999, 0.0)
    >>> (step.scale * step.direction).round(12)
    array([[ 0.1, -0.1]])
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import Array, OptimizerSpec, Step
from optimizers.hyperparameters import RHO1, RHO2, alpha, eps, weight_decay


class AdamaxState(NamedTuple):
    p: Array  # first moment
    u: Array  # exponentially weighted infinity norm of the gradients
    t: int = 0


def adamax(W: Array, g: Array, state: AdamaxState, alpha: float, rho1: float, rho2: float, eps: float) -> Step:
    t = state.t + 1
    p = rho1 * state.p + (1 - rho1) * g
    u = np.maximum(rho2 * state.u, np.abs(g) + eps)
    return Step(AdamaxState(p, u, t), scale=alpha / (1 - rho1**t) / u, direction=p)


SPEC = OptimizerSpec(
    name="adamax",
    title="Adamax",
    rule=adamax,
    state=AdamaxState,
    hyperparameters=(alpha(0.002), RHO1, RHO2, eps(1e-8), weight_decay()),
    rule_latex=(
        r"p_t = \rho_1 p_{t-1} + (1-\rho_1) g_t,\quad u_t = \max(\rho_2 u_{t-1}, |g_t| + \varepsilon),\quad "
        r"W_{t+1} = W_t - \frac{\alpha}{(1-\rho_1^t)\, u_t} \odot p_t"
    ),
    description="Adam that divides by the largest recent gradient instead of the RMS.",
    reference="Kingma & Ba, Adam, ICLR 2015, section 7.1",
)
