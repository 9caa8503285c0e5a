r"""Adamax: Adam with the infinity norm in place of the root mean square.

.. math::
    p_t = \rho_1 p_{t-1} + (1 - \rho_1)\, g_t, \qquad
    u_t = \max(\rho_2 u_{t-1},\ |g_t| + \varepsilon), \qquad
    W_{t+1} = W_t - \frac{\alpha}{1 - \rho_1^t} \frac{p_t}{u_t}

with :math:`p_0 = u_0 = 0`. Defaults: α = 0.002, ρ₁ = 0.9, ρ₂ = 0.999, ε = 1e-8. State: p, u
(2 vectors per parameter). Same as ``torch.optim.Adamax(lr=α, betas=(ρ₁, ρ₂), eps=ε)``.

Reference: D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, section 7.1.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from optimizers.base import RHO1, RHO2, Array, OptimizerSpec, alpha, eps, weight_decay


class AdamaxState(NamedTuple):
    t: int
    p: Array  # first moment
    u: Array  # exponentially weighted infinity norm of the gradients


def init(W: Array) -> AdamaxState:
    return AdamaxState(0, np.zeros_like(W), np.zeros_like(W))


def update(
    W: Array,
    g: Array,
    state: AdamaxState,
    alpha: float,
    rho1: float,
    rho2: float,
    eps: float,
    weight_decay: float,
) -> tuple[Array, AdamaxState]:
    g = g + weight_decay * W
    t = state.t + 1
    p = rho1 * state.p + (1 - rho1) * g
    u = np.maximum(rho2 * state.u, np.abs(g) + eps)
    return W - alpha / (1 - rho1**t) * p / u, AdamaxState(t, p, u)


def effective_lr(W: Array, state: AdamaxState, alpha: float, rho1: float, **_: Any) -> Array:
    t = max(state.t, 1)
    with np.errstate(divide="ignore"):
        return alpha / (1 - rho1**t) / state.u


def direction(state: AdamaxState) -> Array:
    return state.p


SPEC = OptimizerSpec(
    name="adamax",
    title="Adamax",
    rule_latex=(
        r"p_t = \rho_1 p_{t-1} + (1-\rho_1) g_t,\quad u_t = \max(\rho_2 u_{t-1}, |g_t| + \varepsilon),\quad "
        r"W_{t+1} = W_t - \frac{\alpha}{1-\rho_1^t} \frac{p_t}{u_t}"
    ),
    description={
        "en": "Adam that divides by the largest recent gradient instead of the RMS.",
        "uk": "Adam, що ділить на найбільший недавній градієнт замість середньоквадратичного.",
    },
    reference="Kingma & Ba, Adam, ICLR 2015, section 7.1",
    state_vectors=2,
    hyperparameters=(alpha(0.002), RHO1, RHO2, eps(1e-8), weight_decay()),
    init=init,
    update=update,
    effective_lr=effective_lr,
    direction=direction,
)
