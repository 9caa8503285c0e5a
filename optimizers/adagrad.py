r"""AdaGrad: each weight's step shrinks with the sum of all its past squared gradients.

.. math::
    r_t = r_{t-1} + g_t \odot g_t, \qquad
    W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t}} \odot g_t

with :math:`r_0 = 0`, :math:`g_t = \nabla f(W_t) + \lambda W_t`. Defaults: α = 0.01 (the lecture's),
ε = 1e-10. State: r (1 vector per parameter). Because :math:`r_t` only grows, the effective step
size :math:`\alpha/(\varepsilon + \sqrt{r_t})` only shrinks (like :math:`1/\sqrt{t}` for a steady
gradient). Same as ``torch.optim.Adagrad(lr=α, eps=ε, weight_decay=λ)``.

Reference: J. Duchi, E. Hazan, Y. Singer, "Adaptive Subgradient Methods for Online Learning and
Stochastic Optimization", JMLR 12, 2011.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from optimizers.base import Array, OptimizerSpec, alpha, eps, weight_decay


class AdaGradState(NamedTuple):
    r: Array  # sum of squared gradients


def init(W: Array) -> AdaGradState:
    return AdaGradState(np.zeros_like(W))


def update(
    W: Array, g: Array, state: AdaGradState, alpha: float, eps: float, weight_decay: float
) -> tuple[Array, AdaGradState]:
    g = g + weight_decay * W
    r = state.r + g * g
    return W - alpha / (eps + np.sqrt(r)) * g, AdaGradState(r)


def effective_lr(W: Array, state: AdaGradState, alpha: float, eps: float, **_: Any) -> Array:
    return alpha / (eps + np.sqrt(state.r))


SPEC = OptimizerSpec(
    name="adagrad",
    title="AdaGrad",
    rule_latex=(
        r"r_t = r_{t-1} + g_t \odot g_t,\quad "
        r"W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t}} \odot g_t"
    ),
    description={
        "en": "Divides each weight's step by the root of the sum of its squared gradients.",
        "uk": "Ділить крок кожної ваги на корінь із суми квадратів її градієнтів.",
    },
    reference="Duchi, Hazan & Singer, Adaptive Subgradient Methods, JMLR 2011",
    state_vectors=1,
    hyperparameters=(alpha(0.01), eps(1e-10), weight_decay()),
    init=init,
    update=update,
    effective_lr=effective_lr,
)
