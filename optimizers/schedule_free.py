r"""Schedule-Free AdamW: no learning-rate schedule, an average of the iterates instead.

Three sequences: z takes AdamW-like steps, x is the running average of the z's (the model one keeps
and evaluates), and the gradient is taken at y, between them. In the lecture's notation, with t
counted from 0:

.. math::
    \alpha_t = \alpha \min\!\Big(1, \frac{t+1}{T_w}\Big), \qquad
    c_{t+1} = \frac{\max_{s \le t} \alpha_s^2}{\sum_{s \le t} \max_{u \le s} \alpha_u^2} \\
    r_t = \rho_2 r_{t-1} + (1 - \rho_2)\, g_t \odot g_t, \qquad
    \tilde g_t = \frac{g_t}{\varepsilon + \sqrt{r_t / (1 - \rho_2^{t+1})}} + \lambda y_t \\
    z_{t+1} = z_t - \alpha_t \tilde g_t, \qquad x_{t+1} = (1 - c_{t+1})\, x_t + c_{t+1} z_{t+1}, \qquad
    y_{t+1} = (1 - \rho_1)\, z_{t+1} + \rho_1 x_{t+1}

with x₀ = y₀ = z₀ = W₀. The W the page draws is y, where the gradient is taken (what the parameters hold
while training); y_{t+1} = y_t + c(z_t − y_t) − α_t(1 − ρ₁(1 − c)) g̃_t gives it without x, as the
package computes it. With constant α, c_{t+1} = 1/(t+1): x is the plain average of the z's, which is
what makes a schedule unnecessary (the paper shows it matches the best schedules).

Defaults (the package's): α = 0.0025, ρ₁ = 0.9, ρ₂ = 0.999, ε = 1e-8, λ = 0, no warm-up (T_w = 0).
State: z, r (2 vectors per weight; x is recovered from y and z). Same as
``schedulefree.AdamWScheduleFree(lr=α, betas=(ρ₁, ρ₂), eps=ε, weight_decay=λ, warmup_steps=T_w)`` in
train mode (polynomial weighting r = 0, weight_lr_power = 2).

Reference: A. Defazio et al., "The Road Less Scheduled", NeurIPS 2024.

Example (the first step: c₁ = 1, so y₁ = z₁ = y₀ − α g̃₀, an Adam-like first step)::

    >>> import numpy as np
    >>> zeros = np.zeros((1, 2))
    >>> W = np.array([[1.0, 1.0]])
    >>> start = ScheduleFreeState(zeros, zeros)
    >>> step = schedule_free_adamw(W, np.array([[0.5, -40.0]]), start, 0.1, 0.9, 0.999, 0.0, 0.0, 0.0)
    >>> (W - step.scale * step.direction).round(6)
    array([[0.9, 1.1]])
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from optimizers.base import OWN, Array, OptimizerSpec, Step
from optimizers.hyperparameters import RHO1, RHO2, alpha, eps
from optimizers.hyperparameters import weight_decay as weight_decay_parameter
from parameters import Parameter

LR_POWER = 2.0  # the average weighs each step by max α_s² so far (the package's weight_lr_power)


class ScheduleFreeState(NamedTuple):
    z: Array  # the base sequence, taking the AdamW-like steps
    r: Array  # second moment: decaying average of squared gradients
    t: int = 0
    alpha_max: Any = -1.0  # the largest α_t so far
    weight_sum: Any = 0.0  # the sum of the averaging weights so far


def schedule_free_adamw(
    W: Array,
    g: Array,
    state: ScheduleFreeState,
    alpha: float,
    rho1: float,
    rho2: float,
    eps: float,
    weight_decay: float,
    warmup: float,
) -> Step:
    t = state.t
    alpha_t = alpha * ((t + 1) / warmup if t < warmup else 1.0)
    alpha_max = np.maximum(alpha_t, state.alpha_max)
    weight = alpha_max**LR_POWER
    weight_sum = state.weight_sum + weight
    c = weight / weight_sum
    z = W if t == 0 else state.z  # z₀ = W₀
    r = rho2 * state.r + (1 - rho2) * g * g
    denom = np.sqrt(r / (1 - rho2 ** (t + 1))) + eps
    g_tilde = g / denom + weight_decay * W
    y_next = W + c * (z - W) + alpha_t * (rho1 * (1 - c) - 1) * g_tilde
    scale = alpha_t / denom  # z's per-coordinate step size, what the inspector shows
    new = ScheduleFreeState(z - alpha_t * g_tilde, r, t + 1, alpha_max, weight_sum)
    return Step(new, scale=scale, direction=(W - y_next) / scale)


WEIGHT_DECAY = weight_decay_parameter(
    how=OWN, help="Weight decay: pulls the weights towards 0 (adds λW to the gradient once it is divided by ε + √r̂)."
)
WARMUP = Parameter(
    "warmup",
    "T_w",
    r"T_w",
    0.0,
    low=0.0,
    high=1e5,
    slider=(0.0, 500.0),
    help="Warm-up steps: α grows linearly to its value over them (Schedule-Free's only schedule).",
)

SPEC = OptimizerSpec(
    name="schedule_free_adamw",
    title="Schedule-Free AdamW",
    rule=schedule_free_adamw,
    state=ScheduleFreeState,
    hyperparameters=(alpha(0.0025), RHO1, RHO2, eps(1e-8), WEIGHT_DECAY, WARMUP),
    rule_latex=(
        r"r_t = \rho_2 r_{t-1} + (1-\rho_2) g_t \odot g_t,\quad "
        r"\tilde g_t = \frac{g_t}{\varepsilon + \sqrt{\hat r_t}} + \lambda y_t,\quad "
        r"z_{t+1} = z_t - \alpha_t \tilde g_t,\quad "
        r"x_{t+1} = (1 - c_{t+1}) x_t + c_{t+1} z_{t+1},\quad "
        r"y_{t+1} = (1-\rho_1) z_{t+1} + \rho_1 x_{t+1}"
    ),
    description="Averages its iterates instead of decaying α: no learning-rate schedule to choose.",
    reference="Defazio et al., The Road Less Scheduled, NeurIPS 2024",
    weight_decay=OWN,
)
