r"""Heavy-ball momentum and Nesterov momentum (lecture 5).

Momentum (the stochastic heavy ball, ``torch.optim.SGD(lr=α, momentum=β)``):

.. math::
    p_{t+1} = \beta p_t + g_t, \qquad W_{t+1} = W_t - \alpha\, p_{t+1}

Nesterov (``torch.optim.SGD(lr=α, momentum=β, nesterov=True)``), the gradient looks one step ahead:

.. math::
    p_{t+1} = \beta p_t + g_t, \qquad W_{t+1} = W_t - \alpha\,(g_t + \beta p_{t+1})

with :math:`g_t = \nabla f(W_t) + \lambda W_t` and :math:`p_0 = 0` (so :math:`p_1 = g_0`, as in
PyTorch). Defaults: α = 0.001, β = 0.9. State: p (1 vector per parameter).

References: B. T. Polyak, "Some methods of speeding up the convergence of iteration methods", 1964;
Y. Nesterov, "A method for solving the convex programming problem with convergence rate O(1/k²)",
1983; Sutskever et al., "On the importance of initialization and momentum in deep learning", 2013.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import BETA, Array, OptimizerSpec, alpha, constant_lr, weight_decay


class MomentumState(NamedTuple):
    p: Array  # the velocity: a running sum of past gradients


def init(W: Array) -> MomentumState:
    return MomentumState(np.zeros_like(W))


def update(
    W: Array, g: Array, state: MomentumState, alpha: float, beta: float, weight_decay: float
) -> tuple[Array, MomentumState]:
    g = g + weight_decay * W
    p = beta * state.p + g
    return W - alpha * p, MomentumState(p)


def update_nesterov(
    W: Array, g: Array, state: MomentumState, alpha: float, beta: float, weight_decay: float
) -> tuple[Array, MomentumState]:
    g = g + weight_decay * W
    p = beta * state.p + g
    return W - alpha * (g + beta * p), MomentumState(p)


def direction(state: MomentumState) -> Array:
    return state.p


_HYPERPARAMETERS = (alpha(0.001), BETA, weight_decay())

SPEC = OptimizerSpec(
    name="momentum",
    title="Momentum (heavy ball)",
    rule_latex=r"p_{t+1} = \beta p_t + g_t,\quad W_{t+1} = W_t - \alpha\, p_{t+1}",
    description={
        "en": "Keeps going in the direction of past steps: damps zig-zags in narrow valleys.",
        "uk": "Продовжує рух у напрямку попередніх кроків: гасить зигзаги у вузьких долинах.",
    },
    reference="Polyak, Some methods of speeding up the convergence of iteration methods, 1964",
    state_vectors=1,
    hyperparameters=_HYPERPARAMETERS,
    init=init,
    update=update,
    effective_lr=constant_lr,
    direction=direction,
)

NESTEROV = OptimizerSpec(
    name="nesterov",
    title="Nesterov momentum",
    rule_latex=r"p_{t+1} = \beta p_t + g_t,\quad W_{t+1} = W_t - \alpha\,(g_t + \beta p_{t+1})",
    description={
        "en": "Momentum that corrects its course with a look-ahead step.",
        "uk": "Імпульс, що виправляє напрямок кроком «наперед».",
    },
    reference="Nesterov, A method for solving the convex programming problem, 1983",
    state_vectors=1,
    hyperparameters=_HYPERPARAMETERS,
    init=init,
    update=update_nesterov,
    effective_lr=constant_lr,
    direction=direction,
)
