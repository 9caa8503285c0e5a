r"""NAdam: Adam with Nesterov momentum, with PyTorch's momentum schedule.

.. math::
    \mu_t = \rho_1 \bigl(1 - \tfrac12\, 0.96^{t\psi}\bigr), \qquad
    p_t = \rho_1 p_{t-1} + (1-\rho_1) g_t, \qquad
    r_t = \rho_2 r_{t-1} + (1-\rho_2) g_t \odot g_t, \\
    W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t / (1-\rho_2^t)}}
        \left( \frac{(1-\mu_t)\, g_t}{1 - \prod_{s \le t} \mu_s}
             + \frac{\mu_{t+1}\, p_t}{1 - \prod_{s \le t+1} \mu_s} \right)

Defaults: α = 0.002, ρ₁ = 0.9, ρ₂ = 0.999, ε = 1e-8, momentum decay ψ = 0.004. State: p, r
(2 vectors per parameter; the product of μ is one number). Same as
``torch.optim.NAdam(lr=α, betas=(ρ₁, ρ₂), eps=ε, momentum_decay=ψ)``.

Reference: T. Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from optimizers.base import RHO1, RHO2, Array, OptimizerSpec, alpha, eps, weight_decay
from optimizers.parameter import Parameter


class NAdamState(NamedTuple):
    t: int
    mu_product: float  # μ_1 μ_2 ... μ_t
    p: Array
    r: Array


def init(W: Array) -> NAdamState:
    return NAdamState(0, 1.0, np.zeros_like(W), np.zeros_like(W))


def momentum_schedule(t: int, rho1: float, momentum_decay: float) -> float:
    return rho1 * (1.0 - 0.5 * 0.96 ** (t * momentum_decay))


def update(
    W: Array,
    g: Array,
    state: NAdamState,
    alpha: float,
    rho1: float,
    rho2: float,
    eps: float,
    momentum_decay: float,
    weight_decay: float,
) -> tuple[Array, NAdamState]:
    g = g + weight_decay * W
    t = state.t + 1
    mu = momentum_schedule(t, rho1, momentum_decay)
    mu_next = momentum_schedule(t + 1, rho1, momentum_decay)
    mu_product = state.mu_product * mu
    p = rho1 * state.p + (1 - rho1) * g
    r = rho2 * state.r + (1 - rho2) * g * g
    denom = eps + np.sqrt(r / (1 - rho2**t))
    W = W - alpha * (1 - mu) / (1 - mu_product) * g / denom
    W = W - alpha * mu_next / (1 - mu_product * mu_next) * p / denom
    return W, NAdamState(t, mu_product, p, r)


def effective_lr(W: Array, state: NAdamState, alpha: float, rho2: float, eps: float, **_: Any) -> Array:
    t = max(state.t, 1)
    return alpha / (eps + np.sqrt(state.r / (1 - rho2**t)))


def direction(state: NAdamState) -> Array:
    return state.p


MOMENTUM_DECAY = Parameter(
    "momentum_decay",
    "ψ",
    r"\psi",
    0.004,
    low=0.0,
    high=1.0,
    slider=(0.0, 0.1),
    help={
        "en": "How fast the momentum schedule μ_t warms up to ρ₁.",
        "uk": "Як швидко розклад імпульсу μ_t наближається до ρ₁.",
    },
)

SPEC = OptimizerSpec(
    name="nadam",
    title="NAdam",
    rule_latex=(
        r"W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{\hat r_t}}"
        r"\left(\frac{(1-\mu_t) g_t}{1-\prod_{s\le t}\mu_s} + \frac{\mu_{t+1} p_t}{1-\prod_{s\le t+1}\mu_s}\right)"
    ),
    description={
        "en": "Adam with Nesterov's look-ahead momentum.",
        "uk": "Adam з імпульсом Нестерова («погляд наперед»).",
    },
    reference="Dozat, Incorporating Nesterov Momentum into Adam, ICLR 2016 workshop",
    state_vectors=2,
    hyperparameters=(alpha(0.002), RHO1, RHO2, eps(1e-8), MOMENTUM_DECAY, weight_decay()),
    init=init,
    update=update,
    effective_lr=effective_lr,
    direction=direction,
)
