r"""Prodigy: Adam with the learning rate estimated as it goes (D-Adaptation's successor).

Prodigy multiplies its steps by d_t, an estimate of the distance D = ‖W₀ − W*‖ from the start to the
solution, which only grows; α stays at 1 and needs no tuning. Per path, with t counted from 0 and
p₀ = r₀ = s₀ = 0:

.. math::
    \eta_t = d_t\, \alpha \\
    p_{t+1} = \rho_1 p_t + d_t (1 - \rho_1)\, g_t, \qquad
    r_{t+1} = \rho_2 r_t + d_t^2 (1 - \rho_2)\, g_t \odot g_t \\
    s_{t+1} = \rho_3 s_t + \frac{d_t}{d_0} \eta_t\, g_t, \qquad
    N_{t+1} = \rho_3 N_t + \frac{d_t}{d_0} \eta_t\, \langle g_t, W_0 - W_t \rangle \\
    d_{t+1} = \max\Big(d_t, \frac{N_{t+1}}{\lVert s_{t+1} \rVert_1}\Big) \\
    W_{t+1} = W_t (1 - \eta_t \lambda) - \eta_t \frac{p_{t+1}}{d_{t+1}\varepsilon + \sqrt{r_{t+1}}}

(ρ₃ = √ρ₂.) N/‖s‖₁ is a lower bound on D: as long as the path keeps going the same way,
⟨g, W₀ − W⟩ grows and so does d; once it circles the minimum, d stops growing.

Defaults (the package's): α = 1, ρ₁ = 0.9, ρ₂ = 0.999, ε = 1e-8, λ = 0 (decoupled), d₀ = 1e-6, no bias
correction, no growth limit. State: p, r, s, W₀ (4 vectors per weight: Adam's two and two more).
Same as ``prodigyopt.Prodigy(lr=α, betas=(ρ₁, ρ₂), eps=ε, weight_decay=λ, d0=d₀)``, each path being
its own model (d is estimated over all of a model's weights).

Reference: K. Mishchenko, A. Defazio, "Prodigy: An Expeditiously Adaptive Parameter-Free Learner",
ICML 2024.

Example (d₀ = 1e-6: the first step is tiny, and d grows from it)::

    >>> import numpy as np
    >>> zeros = np.zeros((1, 2))
    >>> W = np.array([[1.0, 1.0]])
    >>> s0 = ProdigyState(zeros, zeros, zeros, zeros)
    >>> step = prodigy(W, np.array([[0.5, -40.0]]), s0, 1.0, 0.9, 0.999, 1e-8, 0.0, 1e-6)
    >>> float(np.abs(step.scale * step.direction).max()) < 1e-5, float(step.state.d[0, 0]) == 1e-6
    (True, True)
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from optimizers.base import OWN, Array, OptimizerSpec, Step
from optimizers.hyperparameters import RHO1, RHO2, alpha, eps
from optimizers.hyperparameters import weight_decay as weight_decay_parameter
from parameters import Parameter


class ProdigyState(NamedTuple):
    p: Array  # first moment, in units of d
    r: Array  # second moment, in units of d²
    s: Array  # decaying sum of the d-weighted gradients
    W0: Array  # the start
    t: int = 0
    d: Any = None  # the distance estimate d_t (one per path); None: d₀ at the start
    d_max: Any = None
    numerator: Any = 0.0  # N_t


def prodigy(
    W: Array,
    g: Array,
    state: ProdigyState,
    alpha: float,
    rho1: float,
    rho2: float,
    eps: float,
    weight_decay: float,
    d0: float,
) -> Step:
    rho3 = np.sqrt(rho2)
    W0 = W if state.t == 0 else state.W0
    d = np.broadcast_to(d0, (*W.shape[:-1], 1)) * 1.0 if state.d is None else state.d
    d_max = d if state.d_max is None else state.d_max
    eta = d * alpha
    growth = (d / d0) * eta
    numerator = rho3 * state.numerator + growth * np.sum(g * (W0 - W), axis=-1, keepdims=True)
    p = rho1 * state.p + d * (1 - rho1) * g
    r = rho2 * state.r + d * d * (1 - rho2) * g * g
    s = rho3 * state.s + growth * g
    denominator = np.sum(np.abs(s), axis=-1, keepdims=True)
    moving = denominator > 0  # the package skips a step while s is all zeros
    with np.errstate(divide="ignore", invalid="ignore"):
        d_hat = numerator / denominator
    # d only grows: with no limit on its growth rate (the package's default) d_{t+1} is the largest d̂ so far
    d_max = np.where(moving, np.maximum(d_max, d_hat), d_max)
    d_next = np.where(moving, d_max, d)
    denom = np.sqrt(r) + d_next * eps
    scale = np.where(moving, eta / denom, 0.0)
    direction = p + weight_decay * W * denom  # scale · direction = η(p/denom + λW): decoupled decay
    new = ProdigyState(p, r, s, W0, state.t + 1, d_next, d_max, np.where(moving, numerator, state.numerator))
    return Step(new, scale=scale, direction=direction)


WEIGHT_DECAY = weight_decay_parameter(
    how=OWN, help="Weight decay: pulls the weights towards 0 (W ← (1 − d_t αλ)W each step, apart from the gradient)."
)
D0 = Parameter(
    "d0",
    "d₀",
    r"d_0",
    1e-6,
    low=0.0,
    high=1e3,
    low_open=True,
    slider=(1e-8, 1.0),
    log=True,
    help="The first guess of the distance to the solution; Prodigy only ever raises it.",
)

SPEC = OptimizerSpec(
    name="prodigy",
    title="Prodigy",
    rule=prodigy,
    state=ProdigyState,
    hyperparameters=(alpha(1.0, slider=(0.01, 10.0)), RHO1, RHO2, eps(1e-8), WEIGHT_DECAY, D0),
    rule_latex=(
        r"p_{t+1} = \rho_1 p_t + d_t(1-\rho_1) g_t,\quad "
        r"r_{t+1} = \rho_2 r_t + d_t^2(1-\rho_2) g_t \odot g_t,\quad "
        r"d_{t+1} = \max\!\Big(d_t, \frac{N_{t+1}}{\lVert s_{t+1}\rVert_1}\Big),\quad "
        r"W_{t+1} = W_t - d_t\alpha \frac{p_{t+1}}{d_{t+1}\varepsilon + \sqrt{r_{t+1}}}"
    ),
    description="Estimates how far the solution is and sets its own step size from that: α stays at 1.",
    reference="Mishchenko & Defazio, Prodigy: An Expeditiously Adaptive Parameter-Free Learner, ICML 2024",
    weight_decay=OWN,
)
