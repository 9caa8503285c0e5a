r"""RAdam: Adam whose adaptive step waits until its second moment can be trusted.

In the lecture's notation, with t counted from 1:

.. math::
    p_t = \rho_1 p_{t-1} + (1 - \rho_1)\, g_t, \qquad \hat p_t = \frac{p_t}{1 - \rho_1^t} \\
    r_t = \rho_2 r_{t-1} + (1 - \rho_2)\, g_t \odot g_t \\
    n_\infty = \frac{2}{1 - \rho_2} - 1, \qquad n_t = n_\infty - \frac{2 t \rho_2^t}{1 - \rho_2^t} \\
    W_{t+1} = W_t - \alpha\, \hat p_t \qquad \text{while } n_t \le 5 \\
    W_{t+1} = W_t - \alpha\, \varrho_t \frac{\sqrt{1 - \rho_2^t}}{\varepsilon + \sqrt{r_t}} \odot \hat p_t,
    \qquad \varrho_t = \sqrt{\frac{(n_t - 4)(n_t - 2)\, n_\infty}{(n_\infty - 4)(n_\infty - 2)\, n_t}}

n_t is the length of the moving average that r_t approximates (the paper's ρ_t; renamed here, as ρ is
the lecture's decay rate). In its first steps (five with ρ₂ = 0.999) r_t rests on too few gradients,
its variance is unbounded, and RAdam takes plain momentum steps; after that ϱ_t < 1 damps the adaptive
step while the variance is still large, which is what Adam's warm-up schedules are for.

Defaults: α = 0.001, ρ₁ = 0.9, ρ₂ = 0.999, ε = 1e-8, λ = 0. State: p, r (2 vectors per weight).
Same as ``torch.optim.RAdam(lr=α, betas=(ρ₁, ρ₂), eps=ε, weight_decay=λ)``.

Reference: L. Liu et al., "On the Variance of the Adaptive Learning Rate and Beyond", ICLR 2020.

Example (the first steps are momentum steps of length α·|p̂_t|)::

    >>> import numpy as np
    >>> zeros = np.zeros((1, 2))
    >>> step = radam(None, np.array([[0.5, -40.0]]), RAdamState(zeros, zeros), 0.1, 0.9, 0.999, 1e-8)
    >>> step.scale * step.direction
    array([[ 0.05, -4.  ]])
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.adam import moments
from optimizers.base import Array, OptimizerSpec, Step
from optimizers.hyperparameters import RHO1, RHO2, alpha, eps, weight_decay

WARM = 5.0  # while n_t ≤ 5 the variance of the adaptive step is unbounded: no adaptive step yet


class RAdamState(NamedTuple):
    p: Array  # first moment
    r: Array  # second moment
    t: int = 0


def radam(W: Array, g: Array, state: RAdamState, alpha: float, rho1: float, rho2: float, eps: float) -> Step:
    t, p, r = moments(g, state, rho1, rho2)
    p_hat = p / (1 - rho1**t)
    n_inf = 2 / (1 - np.asarray(rho2, dtype=float)) - 1  # NumPy's: ϱ_t's 1/(n∞ − 4) is ∞ at ρ₂ = 0.6, not an error
    n_t = n_inf - 2 * t * rho2**t / (1 - rho2**t)
    adaptive = n_t > WARM  # an array where a sweep varies ρ₂
    with np.errstate(invalid="ignore", divide="ignore"):  # ϱ_t is not real while n_t ≤ 5: not used there
        rectify = np.sqrt((n_t - 4) * (n_t - 2) * n_inf / ((n_inf - 4) * (n_inf - 2) * n_t))
        scale = np.where(adaptive, alpha * rectify * np.sqrt(1 - rho2**t) / (np.sqrt(r) + eps), alpha)
    return Step(RAdamState(p, r, t), scale=scale if np.ndim(scale) else float(scale), direction=p_hat)


SPEC = OptimizerSpec(
    name="radam",
    title="RAdam",
    rule=radam,
    state=RAdamState,
    hyperparameters=(alpha(0.001), RHO1, RHO2, eps(1e-8), weight_decay()),
    rule_latex=(
        r"p_t = \rho_1 p_{t-1} + (1-\rho_1) g_t,\quad \hat p_t = \frac{p_t}{1-\rho_1^t},\quad "
        r"r_t = \rho_2 r_{t-1} + (1-\rho_2) g_t \odot g_t,\quad "
        r"n_t = n_\infty - \frac{2 t \rho_2^t}{1 - \rho_2^t},\quad "
        r"W_{t+1} = W_t - \alpha\, \varrho_t \frac{\sqrt{1-\rho_2^t}}{\varepsilon + \sqrt{r_t}} \odot \hat p_t"
        r"\ \ (n_t > 5;\ \text{else } W_t - \alpha \hat p_t)"
    ),
    description=(
        "Adam that takes plain momentum steps until its second moment is reliable, then damps the "
        "adaptive step: a built-in warm-up."
    ),
    reference="Liu et al., On the Variance of the Adaptive Learning Rate and Beyond, ICLR 2020",
)
