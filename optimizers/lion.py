r"""Lion ("EvoLved Sign Momentum"): the sign of an interpolated momentum, one state vector per weight.

.. math::
    c_t = \rho_1 p_{t-1} + (1 - \rho_1)\, g_t \\
    W_{t+1} = W_t (1 - \alpha\lambda) - \alpha\, \operatorname{sign}(c_t) \\
    p_t = \rho_2 p_{t-1} + (1 - \rho_2)\, g_t

Every coordinate moves by exactly α (weight decay aside), whatever the gradient's scale: the sign does
what Adam's division by √r̂ does, with one vector (p) instead of two. It was found by a program search
over update rules. Because its steps are as long as the sign makes them, its α is 3–10 times smaller
than AdamW's in practice and its λ as many times larger.

Defaults: the reference package's α = 1e-4 is for networks; here α = 0.01, so a path crosses a
landscape in a few hundred steps. ρ₁ = 0.9, ρ₂ = 0.99, λ = 0 (decoupled, as in AdamW). State: p.
Same as ``lion_pytorch.Lion(lr=α, betas=(ρ₁, ρ₂), weight_decay=λ)``, the authors' rule.

Reference: X. Chen et al., "Symbolic Discovery of Optimization Algorithms", NeurIPS 2023.

Example::

    >>> import numpy as np
    >>> zeros = np.zeros((1, 2))
    >>> step = lion(None, np.array([[0.5, -40.0]]), LionState(zeros), 0.1, 0.9, 0.99)
    >>> step.scale * step.direction  # α·sign: the same length in both coordinates
    array([[ 0.1, -0.1]])
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import DECOUPLED, Array, OptimizerSpec, Step
from optimizers.hyperparameters import alpha, decay
from optimizers.hyperparameters import weight_decay as weight_decay_parameter


class LionState(NamedTuple):
    p: Array  # momentum: decaying average of gradients (with ρ₂)


def lion(W: Array, g: Array, state: LionState, alpha: float, rho1: float, rho2: float) -> Step:
    c = rho1 * state.p + (1 - rho1) * g
    p = rho2 * state.p + (1 - rho2) * g
    return Step(LionState(p), scale=alpha, direction=np.sign(c))


SPEC = OptimizerSpec(
    name="lion",
    title="Lion",
    rule=lion,
    state=LionState,
    hyperparameters=(
        alpha(0.01),
        decay(
            "rho1", "ρ₁", r"\rho_1", 0.9, "How much of the momentum the sign is taken of (the rest: the new gradient)."
        ),
        decay("rho2", "ρ₂", r"\rho_2", 0.99, "Decay rate of the momentum that is kept."),
        weight_decay_parameter(how=DECOUPLED),
    ),
    rule_latex=(
        r"c_t = \rho_1 p_{t-1} + (1-\rho_1) g_t,\quad "
        r"W_{t+1} = W_t(1 - \alpha\lambda) - \alpha \operatorname{sign}(c_t),\quad "
        r"p_t = \rho_2 p_{t-1} + (1-\rho_2) g_t"
    ),
    description=(
        "Steps of the same length α in every coordinate, in the sign of a momentum: Adam's scale "
        "invariance with half its memory."
    ),
    reference="Chen et al., Symbolic Discovery of Optimization Algorithms, NeurIPS 2023",
    weight_decay=DECOUPLED,
)
