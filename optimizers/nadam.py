r"""NAdam: Adam with Nesterov momentum, with PyTorch's momentum schedule.

.. math::
    \mu_t = \rho_1 \bigl(1 - \tfrac12\, 0.96^{t\psi}\bigr), \qquad
    p_t = \rho_1 p_{t-1} + (1-\rho_1) g_t, \qquad
    r_t = \rho_2 r_{t-1} + (1-\rho_2) g_t \odot g_t, \\
    W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t / (1-\rho_2^t)}} \odot
        \left( \frac{(1-\mu_t)\, g_t}{1 - \prod_{s \le t} \mu_s}
             + \frac{\mu_{t+1}\, p_t}{1 - \prod_{s \le t+1} \mu_s} \right)

Defaults: α = 0.002, ρ₁ = 0.9, ρ₂ = 0.999, ε = 1e-8, momentum decay ψ = 0.004. State: p, r
(2 vectors per weight; the product of μ is one number). Same as
``torch.optim.NAdam(lr=α, betas=(ρ₁, ρ₂), eps=ε, momentum_decay=ψ)``.

Reference: T. Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop.

Example (the momentum schedule starts near ρ₁/2 and warms up to ρ₁)::

    >>> round(momentum_schedule(1, 0.9, 0.004), 4), round(momentum_schedule(10**5, 0.9, 0.004), 4)
    (0.4501, 0.9)
"""

from __future__ import annotations

from typing import NamedTuple

from optimizers.adam import corrected_scale, moments
from optimizers.base import Array, OptimizerSpec, Step
from optimizers.hyperparameters import RHO1, RHO2, alpha, eps, weight_decay
from parameters import Parameter


class NAdamState(NamedTuple):
    p: Array
    r: Array
    t: int = 0
    mu_product: float = 1.0  # μ_1 μ_2 ... μ_t


def momentum_schedule(t: int, rho1: float, momentum_decay: float) -> float:
    return rho1 * (1.0 - 0.5 * 0.96 ** (t * momentum_decay))


def nadam(
    W: Array, g: Array, state: NAdamState, alpha: float, rho1: float, rho2: float, eps: float, momentum_decay: float
) -> Step:
    t, p, r = moments(g, state, rho1, rho2)  # Adam's p_t and r_t
    mu = momentum_schedule(t, rho1, momentum_decay)
    mu_next = momentum_schedule(t + 1, rho1, momentum_decay)
    mu_product = state.mu_product * mu
    direction = (1 - mu) / (1 - mu_product) * g + mu_next / (1 - mu_product * mu_next) * p
    scale = corrected_scale(alpha, r, eps, rho2, t)  # Adam's α/(ε + √r̂_t)
    return Step(NAdamState(p, r, t, mu_product), scale=scale, direction=direction)


MOMENTUM_DECAY = Parameter(
    "momentum_decay",
    "ψ",
    r"\psi",
    0.004,
    low=0.0,
    high=1.0,
    slider=(0.0, 0.1),
    help="How fast the momentum schedule μ_t warms up to ρ₁.",
)

SPEC = OptimizerSpec(
    name="nadam",
    title="NAdam",
    rule=nadam,
    state=NAdamState,
    momentum="p",
    hyperparameters=(alpha(0.002), RHO1, RHO2, eps(1e-8), MOMENTUM_DECAY, weight_decay()),
    rule_latex=(
        r"W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{\hat r_t}} \odot "
        r"\left(\frac{(1-\mu_t) g_t}{1-\prod_{s\le t}\mu_s} + \frac{\mu_{t+1} p_t}{1-\prod_{s\le t+1}\mu_s}\right)"
    ),
    description="Adam with Nesterov's look-ahead momentum.",
    reference="Dozat, Incorporating Nesterov Momentum into Adam, ICLR 2016 workshop",
)
