r"""Adadelta: RMSProp whose step is scaled by a running RMS of past steps, so units match.

.. math::
    r_t = \rho\, r_{t-1} + (1-\rho)\, g_t \odot g_t, \qquad
    \Delta_t = \frac{\sqrt{u_{t-1} + \varepsilon}}{\sqrt{r_t + \varepsilon}} \odot g_t, \\
    u_t = \rho\, u_{t-1} + (1-\rho)\, \Delta_t \odot \Delta_t, \qquad
    W_{t+1} = W_t - \alpha\, \Delta_t

with :math:`r_0 = u_0 = 0`. Defaults: α = 1, ρ = 0.9, ε = 1e-6 (PyTorch's). State: r, u
(2 vectors per weight). Same as ``torch.optim.Adadelta(lr=α, rho=ρ, eps=ε, weight_decay=λ)``.

Reference: M. D. Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701, 2012.

Example (the first step is tiny: u₀ = 0, so only ε sets its size)::

    >>> import numpy as np
    >>> zeros = np.zeros((1, 1))
    >>> step = adadelta(None, np.array([[1.0]]), AdadeltaState(zeros, zeros), alpha=1.0, rho=0.9, eps=1e-6)
    >>> round(float((step.scale * step.direction)[0, 0]), 9)  # √ε/√(0.1 + ε)
    0.003162262
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import numpy as np

from optimizers.base import Array, OptimizerSpec, Step
from optimizers.hyperparameters import RHO, alpha, eps, weight_decay


class AdadeltaState(NamedTuple):
    r: Array  # decaying average of squared gradients
    u: Array  # decaying average of squared steps


def adadelta(W: Array, g: Array, state: AdadeltaState, alpha: float, rho: float, eps: float) -> Step:
    r = rho * state.r + (1 - rho) * g * g
    rate = np.sqrt(state.u + eps) / np.sqrt(r + eps)
    delta = rate * g
    u = rho * state.u + (1 - rho) * delta * delta
    return Step(AdadeltaState(r, u), scale=alpha * rate, direction=g)


SPEC = OptimizerSpec(
    name="adadelta",
    title="Adadelta",
    rule=adadelta,
    state=AdadeltaState,
    hyperparameters=(alpha(1.0, slider=(1e-3, 10.0)), replace(RHO, default=0.9), eps(1e-6), weight_decay()),
    rule_latex=(
        r"r_t = \rho r_{t-1} + (1-\rho) g_t^2,\quad "
        r"\Delta_t = \frac{\sqrt{u_{t-1}+\varepsilon}}{\sqrt{r_t+\varepsilon}} g_t,\quad "
        r"u_t = \rho u_{t-1} + (1-\rho)\Delta_t^2,\quad W_{t+1} = W_t - \alpha \Delta_t"
    ),
    description="RMSProp whose step is rescaled by the RMS of past steps: almost no α to tune.",
    reference="Zeiler, ADADELTA: An Adaptive Learning Rate Method, 2012",
)
