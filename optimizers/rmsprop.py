r"""RMSProp: AdaGrad with an exponentially decaying average of the squared gradient.

.. math::
    r_t = \rho\, r_{t-1} + (1 - \rho)\, g_t \odot g_t, \qquad
    W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t}} \odot g_t

with :math:`r_0 = 0`. Defaults: α = 0.01, ρ = 0.99, ε = 1e-8 (PyTorch's). State: r (1 vector per
weight). Same as ``torch.optim.RMSprop(lr=α, alpha=ρ, eps=ε, weight_decay=λ)``: PyTorch calls ρ
``alpha``.

Reference: T. Tieleman, G. Hinton, Lecture 6.5 "rmsprop", COURSERA: Neural Networks for Machine
Learning, 2012.

Example (the root mean square of the gradient, not its size, sets the step)::

    >>> import numpy as np
    >>> step = rmsprop(None, np.array([[1.0, 10.0]]), RMSPropState(np.zeros((1, 2))), 0.01, 0.9, 0.0)
    >>> (step.scale * step.direction).round(6)  # both 0.01/√0.1
    array([[0.031623, 0.031623]])
"""

from __future__ import annotations

from typing import NamedTuple

from optimizers.base import Array, OptimizerSpec, Step, adaptive_scale
from optimizers.hyperparameters import RHO, alpha, eps, weight_decay


class RMSPropState(NamedTuple):
    r: Array  # decaying average of squared gradients


def rmsprop(W: Array, g: Array, state: RMSPropState, alpha: float, rho: float, eps: float) -> Step:
    r = rho * state.r + (1 - rho) * g * g
    return Step(RMSPropState(r), scale=adaptive_scale(alpha, r, eps), direction=g)


SPEC = OptimizerSpec(
    name="rmsprop",
    title="RMSProp",
    rule=rmsprop,
    state=RMSPropState,
    hyperparameters=(alpha(0.01), RHO, eps(1e-8), weight_decay()),
    rule_latex=(
        r"r_t = \rho\, r_{t-1} + (1 - \rho)\, g_t \odot g_t,\quad "
        r"W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t}} \odot g_t"
    ),
    description="Normalizes each step by the root mean square of recent gradients.",
    reference="Tieleman & Hinton, Lecture 6.5 rmsprop, Coursera 2012",
)
