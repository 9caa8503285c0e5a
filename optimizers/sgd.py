r"""Gradient descent (SGD when the gradient is noisy).

.. math::
    W_{t+1} = W_t - \alpha\, g_t, \qquad g_t = \nabla f(W_t) + \lambda W_t

Defaults: α = 0.001, λ = 0. State: none (0 vectors per parameter).
Same as ``torch.optim.SGD(lr=α, weight_decay=λ)``.

Reference: H. Robbins, S. Monro, "A Stochastic Approximation Method", Ann. Math. Stat., 1951.

Example::

    >>> import numpy as np
    >>> W = np.array([[1.0, 2.0]])
    >>> state = init(W)
    >>> update(W, np.array([[0.5, -1.0]]), state, alpha=0.1, weight_decay=0.0)[0]
    array([[0.95, 2.1 ]])
"""

from __future__ import annotations

from typing import NamedTuple

from optimizers.base import Array, OptimizerSpec, alpha, constant_lr, weight_decay


class SGDState(NamedTuple):
    """Plain gradient descent remembers nothing between steps."""


def init(W: Array) -> SGDState:
    return SGDState()


def update(W: Array, g: Array, state: SGDState, alpha: float, weight_decay: float) -> tuple[Array, SGDState]:
    g = g + weight_decay * W
    return W - alpha * g, state


SPEC = OptimizerSpec(
    name="sgd",
    title="Gradient descent (SGD)",
    rule_latex=r"W_{t+1} = W_t - \alpha\, g_t",
    description={
        "en": "One global learning rate for every weight: the baseline.",
        "uk": "Одна глобальна швидкість навчання для всіх ваг: базовий метод.",
    },
    reference="Robbins & Monro, A Stochastic Approximation Method, 1951",
    state_vectors=0,
    hyperparameters=(alpha(0.001), weight_decay()),
    init=init,
    update=update,
    effective_lr=constant_lr,
)
