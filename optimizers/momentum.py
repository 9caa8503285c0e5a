r"""Heavy-ball momentum and Nesterov momentum (lecture 5).

Momentum (the stochastic heavy ball, ``torch.optim.SGD(lr=α, momentum=β)``):

.. math::
    p_{t+1} = \beta p_t + g_t, \qquad W_{t+1} = W_t - \alpha\, p_{t+1}

Nesterov (``torch.optim.SGD(lr=α, momentum=β, nesterov=True)``), the gradient looks one step ahead:

.. math::
    p_{t+1} = \beta p_t + g_t, \qquad W_{t+1} = W_t - \alpha\,(g_t + \beta p_{t+1})

with :math:`p_0 = 0` (so :math:`p_1 = g_0`, as in PyTorch). Defaults: α = 0.001, β = 0.9.
State: p (1 vector per weight).

References: B. T. Polyak, "Some methods of speeding up the convergence of iteration methods", 1964;
Y. Nesterov, "A method for solving the convex programming problem with convergence rate O(1/k²)",
1983; Sutskever et al., "On the importance of initialization and momentum in deep learning", 2013.

Example (p₁ = g₀, so the first step is α g₀; then momentum adds β p₁)::

    >>> import numpy as np
    >>> W, g = np.array([[1.0, 1.0]]), np.array([[1.0, 10.0]])
    >>> step = momentum(W, g, MomentumState(np.zeros((1, 2))), alpha=0.1, beta=0.9)
    >>> step.direction, momentum(W, g, step.state, alpha=0.1, beta=0.9).direction
    (array([[ 1., 10.]]), array([[ 1.9, 19. ]]))
"""

from __future__ import annotations

from typing import NamedTuple

from optimizers.base import Array, OptimizerSpec, Step
from optimizers.hyperparameters import BETA, alpha, weight_decay


class MomentumState(NamedTuple):
    p: Array  # the velocity: a running sum of past gradients


def momentum(W: Array, g: Array, state: MomentumState, alpha: float, beta: float) -> Step:
    p = beta * state.p + g
    return Step(MomentumState(p), scale=alpha, direction=p)


def nesterov(W: Array, g: Array, state: MomentumState, alpha: float, beta: float) -> Step:
    p = beta * state.p + g
    return Step(MomentumState(p), scale=alpha, direction=g + beta * p)


SPEC = OptimizerSpec(
    name="momentum",
    title="Momentum (heavy ball)",
    rule=momentum,
    state=MomentumState,
    hyperparameters=(alpha(0.001), BETA, weight_decay()),
    rule_latex=r"p_{t+1} = \beta p_t + g_t,\quad W_{t+1} = W_t - \alpha\, p_{t+1}",
    description="Keeps going in the direction of past steps: damps zig-zags in narrow valleys.",
    reference="Polyak, Some methods of speeding up the convergence of iteration methods, 1964",
)

NESTEROV = OptimizerSpec(
    name="nesterov",
    title="Nesterov momentum",
    rule=nesterov,
    state=MomentumState,
    hyperparameters=(alpha(0.001), BETA, weight_decay()),
    rule_latex=r"p_{t+1} = \beta p_t + g_t,\quad W_{t+1} = W_t - \alpha\,(g_t + \beta p_{t+1})",
    description="Momentum that corrects its course with a look-ahead step.",
    reference="Nesterov, A method for solving the convex programming problem, 1983",
)
