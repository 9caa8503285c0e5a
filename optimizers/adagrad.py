r"""AdaGrad: each weight's step shrinks with the sum of all its past squared gradients.

.. math::
    r_t = r_{t-1} + g_t \odot g_t, \qquad
    W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t}} \odot g_t

with :math:`r_0 = 0`. Defaults: α = 0.01 (the lecture's), ε = 1e-10. State: r (1 vector per
weight). Because :math:`r_t` only grows, the step size :math:`\alpha/(\varepsilon + \sqrt{r_t})` only
shrinks (like :math:`1/\sqrt{t}` for a steady gradient). Same as
``torch.optim.Adagrad(lr=α, eps=ε, weight_decay=λ)``.

Reference: J. Duchi, E. Hazan, Y. Singer, "Adaptive Subgradient Methods for Online Learning and
Stochastic Optimization", JMLR 12, 2011.

Example (gradients 10× apart get steps of the same size)::

    >>> import numpy as np
    >>> step = adagrad(None, np.array([[1.0, 10.0]]), AdaGradState(np.zeros((1, 2))), alpha=0.1, eps=0.0)
    >>> step.scale * step.direction
    array([[0.1, 0.1]])
"""

from __future__ import annotations

from typing import NamedTuple

from optimizers.base import Array, OptimizerSpec, Step, adaptive_scale
from optimizers.hyperparameters import alpha, eps, weight_decay


class AdaGradState(NamedTuple):
    r: Array  # sum of squared gradients


def adagrad(W: Array, g: Array, state: AdaGradState, alpha: float, eps: float) -> Step:
    r = state.r + g * g
    return Step(AdaGradState(r), scale=adaptive_scale(alpha, r, eps), direction=g)


SPEC = OptimizerSpec(
    name="adagrad",
    title="AdaGrad",
    rule=adagrad,
    state=AdaGradState,
    hyperparameters=(alpha(0.01), eps(1e-10), weight_decay()),
    rule_latex=(
        r"r_t = r_{t-1} + g_t \odot g_t,\quad "
        r"W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t}} \odot g_t"
    ),
    description="Divides each weight's step by the root of the sum of its squared gradients.",
    reference="Duchi, Hazan & Singer, Adaptive Subgradient Methods, JMLR 2011",
)
