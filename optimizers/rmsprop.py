r"""RMSProp: AdaGrad with an exponentially decaying average of the squared gradient.

.. math::
    r_t = \rho\, r_{t-1} + (1 - \rho)\, g_t \odot g_t, \qquad
    W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t}} \odot g_t

with :math:`r_0 = 0`, :math:`g_t = \nabla f(W_t) + \lambda W_t`. Defaults: α = 0.01, ρ = 0.99,
ε = 1e-8 (PyTorch's). State: r (1 vector per parameter). Same as
``torch.optim.RMSprop(lr=α, alpha=ρ, eps=ε, weight_decay=λ)``: PyTorch calls ρ ``alpha``.

Reference: T. Tieleman, G. Hinton, Lecture 6.5 "rmsprop", COURSERA: Neural Networks for Machine
Learning, 2012.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from optimizers.base import Array, OptimizerSpec, alpha, decay, eps, weight_decay


class RMSPropState(NamedTuple):
    r: Array  # decaying average of squared gradients


def init(W: Array) -> RMSPropState:
    return RMSPropState(np.zeros_like(W))


def update(
    W: Array, g: Array, state: RMSPropState, alpha: float, rho: float, eps: float, weight_decay: float
) -> tuple[Array, RMSPropState]:
    g = g + weight_decay * W
    r = rho * state.r + (1 - rho) * g * g
    return W - alpha / (eps + np.sqrt(r)) * g, RMSPropState(r)


def effective_lr(W: Array, state: RMSPropState, alpha: float, eps: float, **_: Any) -> Array:
    return alpha / (eps + np.sqrt(state.r))


RHO = decay(
    "rho",
    "ρ",
    r"\rho",
    0.99,
    "Decay rate of the squared-gradient average: how long it remembers.",
    "Швидкість згасання середнього квадрата градієнта: як довго воно пам'ятає.",
)

SPEC = OptimizerSpec(
    name="rmsprop",
    title="RMSProp",
    rule_latex=(
        r"r_t = \rho\, r_{t-1} + (1 - \rho)\, g_t \odot g_t,\quad "
        r"W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{r_t}} \odot g_t"
    ),
    description={
        "en": "Normalizes each step by the root mean square of recent gradients.",
        "uk": "Нормує кожен крок на середньоквадратичне значення недавніх градієнтів.",
    },
    reference="Tieleman & Hinton, Lecture 6.5 rmsprop, Coursera 2012",
    state_vectors=1,
    hyperparameters=(alpha(0.01), RHO, eps(1e-8), weight_decay()),
    init=init,
    update=update,
    effective_lr=effective_lr,
)
