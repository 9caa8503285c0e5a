r"""Gradient descent (SGD when the gradient is noisy).

.. math::
    W_{t+1} = W_t - \alpha\, g_t

Defaults: α = 0.001. State: none (0 vectors per weight).
Same as ``torch.optim.SGD(lr=α, weight_decay=λ)``.

Reference: H. Robbins, S. Monro, "A Stochastic Approximation Method", Ann. Math. Stat., 1951.

Example::

    >>> import numpy as np
    >>> step = sgd(np.array([[1.0, 2.0]]), np.array([[0.5, -1.0]]), SGDState(), alpha=0.1)
    >>> step.scale, step.direction
    (0.1, array([[ 0.5, -1. ]]))
"""

from __future__ import annotations

from typing import NamedTuple

from optimizers.base import Array, OptimizerSpec, Step
from optimizers.hyperparameters import alpha, weight_decay


class SGDState(NamedTuple):
    """Plain gradient descent remembers nothing between steps."""


def sgd(W: Array, g: Array, state: SGDState, alpha: float) -> Step:
    return Step(state, scale=alpha, direction=g)


SPEC = OptimizerSpec(
    name="sgd",
    title="Gradient descent (SGD)",
    rule=sgd,
    state=SGDState,
    hyperparameters=(alpha(0.001), weight_decay()),
    rule_latex=r"W_{t+1} = W_t - \alpha\, g_t",
    description="One global learning rate for every weight: the baseline.",
    reference="Robbins & Monro, A Stochastic Approximation Method, 1951",
)
