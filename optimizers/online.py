r"""Online convex optimization: a new loss f_t at every step, iterates projected onto a feasible set.

This is the setting of Reddi, Kale & Kumar's counterexample ("On the Convergence of Adam and Beyond",
ICLR 2018, Theorem 1), where Adam provably fails:

.. math::
    g_t = \nabla f_t(x_t), \qquad
    x_{t+1} = \Pi_{\mathcal F}\bigl(\text{update}(x_t, g_t)\ \text{with}\ \alpha_t = \alpha / \sqrt t\bigr)

The decaying step :math:`\alpha_t = \alpha/\sqrt t` is the paper's; in one dimension the projection
onto :math:`\mathcal F = [a, b]` (in the paper's weighted norm) is clipping.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np

from optimizers.base import Array, Optimizer
from optimizers.run import Trajectory, _validated_start, _validated_steps
from parameters import CoreError


class OnlineProblem(Protocol):
    bounds: tuple[tuple[float, float], ...]  # the feasible set, a box

    def value(self, x: Array, t: int) -> Array: ...
    def grad(self, x: Array, t: int) -> Array: ...


def run_online(optimizer: Optimizer, problem: OnlineProblem, start: object, steps: int) -> Trajectory:
    """Iterates x_1 ... x_{steps+1} (row 0 is the start) and the losses f_t(x_t) each one paid."""
    if optimizer.spec.uses_hessian:
        raise CoreError("{name} needs the Hessian, which an online problem does not give", name=optimizer.spec.title)
    W, single = _validated_start(start, len(problem.bounds))
    steps = _validated_steps(steps, W.shape[0])
    low, high = np.asarray(problem.bounds, dtype=float).T
    W = np.clip(W, low, high)
    alpha = optimizer.hyperparameters["alpha"]
    state = optimizer.init(W)
    points = np.empty((steps + 1, *W.shape))
    losses = np.full((steps + 1, W.shape[0]), np.nan)
    points[0] = W
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            losses[t - 1] = problem.value(W, t)
            g = problem.grad(W, t)
            W, step = optimizer.step(W, g, state, alpha=alpha / math.sqrt(t))
            state = step.state
            W = np.clip(W, low, high)
            points[t] = W
    if single:
        return Trajectory(points[:, 0], losses[:, 0], -1)
    return Trajectory(points, losses, np.full(W.shape[0], -1))
