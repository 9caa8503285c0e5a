r"""Adadelta: RMSProp whose step is scaled by a running RMS of past steps, so units match.

.. math::
    r_t = \rho\, r_{t-1} + (1-\rho)\, g_t \odot g_t, \qquad
    \Delta_t = \frac{\sqrt{u_{t-1} + \varepsilon}}{\sqrt{r_t + \varepsilon}} \odot g_t, \\
    u_t = \rho\, u_{t-1} + (1-\rho)\, \Delta_t \odot \Delta_t, \qquad
    W_{t+1} = W_t - \alpha\, \Delta_t

with :math:`r_0 = u_0 = 0`. Defaults: α = 1, ρ = 0.9, ε = 1e-6 (PyTorch's). State: r, u
(2 vectors per parameter). Same as ``torch.optim.Adadelta(lr=α, rho=ρ, eps=ε, weight_decay=λ)``.

Reference: M. D. Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701, 2012.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NamedTuple

import numpy as np

from optimizers.base import Array, OptimizerSpec, alpha, eps, weight_decay
from optimizers.rmsprop import RHO


class AdadeltaState(NamedTuple):
    r: Array  # decaying average of squared gradients
    u: Array  # decaying average of squared steps


def init(W: Array) -> AdadeltaState:
    return AdadeltaState(np.zeros_like(W), np.zeros_like(W))


def update(
    W: Array, g: Array, state: AdadeltaState, alpha: float, rho: float, eps: float, weight_decay: float
) -> tuple[Array, AdadeltaState]:
    g = g + weight_decay * W
    r = rho * state.r + (1 - rho) * g * g
    delta = np.sqrt(state.u + eps) / np.sqrt(r + eps) * g
    u = rho * state.u + (1 - rho) * delta * delta
    return W - alpha * delta, AdadeltaState(r, u)


def effective_lr(W: Array, state: AdadeltaState, alpha: float, eps: float, **_: Any) -> Array:
    return alpha * np.sqrt(state.u + eps) / np.sqrt(state.r + eps)


SPEC = OptimizerSpec(
    name="adadelta",
    title="Adadelta",
    rule_latex=(
        r"r_t = \rho r_{t-1} + (1-\rho) g_t^2,\quad "
        r"\Delta_t = \frac{\sqrt{u_{t-1}+\varepsilon}}{\sqrt{r_t+\varepsilon}} g_t,\quad "
        r"u_t = \rho u_{t-1} + (1-\rho)\Delta_t^2,\quad W_{t+1} = W_t - \alpha \Delta_t"
    ),
    description={
        "en": "RMSProp whose step is rescaled by the RMS of past steps: almost no α to tune.",
        "uk": "RMSProp, де крок масштабується середньоквадратичним попередніх кроків.",
    },
    reference="Zeiler, ADADELTA: An Adaptive Learning Rate Method, 2012",
    state_vectors=2,
    hyperparameters=(alpha(1.0, slider=(1e-3, 10.0)), replace(RHO, default=0.9), eps(1e-6), weight_decay()),
    init=init,
    update=update,
    effective_lr=effective_lr,
)
