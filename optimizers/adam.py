r"""Adam = RMSProp + momentum + bias correction, and its variants AMSGrad and AdamW.

Adam ("Adaptive Moment Estimation"), in the lecture's notation:

.. math::
    p_t = \rho_1 p_{t-1} + (1 - \rho_1)\, g_t, \qquad \hat p_t = \frac{p_t}{1 - \rho_1^t} \\
    r_t = \rho_2 r_{t-1} + (1 - \rho_2)\, g_t \odot g_t, \qquad \hat r_t = \frac{r_t}{1 - \rho_2^t} \\
    W_{t+1} = W_t - \frac{\alpha\, \hat p_t}{\varepsilon + \sqrt{\hat r_t}}

with :math:`p_0 = r_0 = 0`, :math:`g_t = \nabla f(W_t) + \lambda W_t`, t counted from 1.
Defaults: α = 0.001, ρ₁ = 0.9, ρ₂ = 0.999, ε = 1e-8. State: p, r (2 vectors per parameter).
``bias_correction=False`` uses :math:`p_t, r_t` in place of :math:`\hat p_t, \hat r_t`. Both start
at 0, but r (with ρ₂ near 1) stays small far longer than p, so the early steps come out too large:
:math:`(1-\rho_1)/\sqrt{1-\rho_2} \approx 3.2` times at t = 1, about 6.5 times at t = 10.
Same as ``torch.optim.Adam(lr=α, betas=(ρ₁, ρ₂), eps=ε, weight_decay=λ)``.

AMSGrad (``torch.optim.Adam(..., amsgrad=True)``) divides by the running maximum of :math:`r_t`,
:math:`\hat r_t = \max_{s \le t} r_s / (1 - \rho_2^t)`, so the step size can never grow back:
3 vectors per parameter.

AdamW (``torch.optim.AdamW``) decays the weights apart from the gradient:
:math:`W \leftarrow W(1 - \alpha\lambda)` before the Adam step, with λ = 0.01 by default.

References: D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015;
S. J. Reddi, S. Kale, S. Kumar, "On the Convergence of Adam and Beyond", ICLR 2018;
I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from optimizers.base import BIAS_CORRECTION, RHO1, RHO2, Array, OptimizerSpec, alpha, eps, weight_decay


class AdamState(NamedTuple):
    t: int  # steps taken
    p: Array  # first moment: decaying average of gradients
    r: Array  # second moment: decaying average of squared gradients


class AMSGradState(NamedTuple):
    t: int
    p: Array
    r: Array
    r_max: Array  # largest r so far


def init(W: Array) -> AdamState:
    return AdamState(0, np.zeros_like(W), np.zeros_like(W))


def init_amsgrad(W: Array) -> AMSGradState:
    return AMSGradState(0, np.zeros_like(W), np.zeros_like(W), np.zeros_like(W))


def moments(g: Array, state: AdamState | AMSGradState, rho1: float, rho2: float) -> tuple[int, Array, Array]:
    t = state.t + 1
    p = rho1 * state.p + (1 - rho1) * g
    r = rho2 * state.r + (1 - rho2) * g * g
    return t, p, r


def update(
    W: Array,
    g: Array,
    state: AdamState,
    alpha: float,
    rho1: float,
    rho2: float,
    eps: float,
    weight_decay: float,
    bias_correction: bool = True,
) -> tuple[Array, AdamState]:
    g = g + weight_decay * W
    t, p, r = moments(g, state, rho1, rho2)
    if bias_correction:
        p_hat = p / (1 - rho1**t)
        r_hat = r / (1 - rho2**t)
    else:
        p_hat, r_hat = p, r
    return W - alpha * p_hat / (eps + np.sqrt(r_hat)), AdamState(t, p, r)


def update_amsgrad(
    W: Array, g: Array, state: AMSGradState, alpha: float, rho1: float, rho2: float, eps: float, weight_decay: float
) -> tuple[Array, AMSGradState]:
    g = g + weight_decay * W
    t, p, r = moments(g, state, rho1, rho2)
    r_max = np.maximum(state.r_max, r)
    p_hat = p / (1 - rho1**t)
    r_hat = r_max / (1 - rho2**t)
    return W - alpha * p_hat / (eps + np.sqrt(r_hat)), AMSGradState(t, p, r, r_max)


def update_adamw(
    W: Array, g: Array, state: AdamState, alpha: float, rho1: float, rho2: float, eps: float, weight_decay: float
) -> tuple[Array, AdamState]:
    W = W * (1 - alpha * weight_decay)
    return update(W, g, state, alpha, rho1, rho2, eps, weight_decay=0.0)


def effective_lr(
    W: Array, state: AdamState, alpha: float, rho2: float, eps: float, bias_correction: bool = True, **_: Any
) -> Array:
    """α / (ε + √r̂_t): the per-weight learning rate that multiplies p̂_t."""
    t = max(state.t, 1)
    r_hat = state.r / (1 - rho2**t) if bias_correction else state.r
    return alpha / (eps + np.sqrt(r_hat))


def effective_lr_amsgrad(W: Array, state: AMSGradState, alpha: float, rho2: float, eps: float, **_: Any) -> Array:
    t = max(state.t, 1)
    return alpha / (eps + np.sqrt(state.r_max / (1 - rho2**t)))


def direction(state: AdamState | AMSGradState) -> Array:
    return state.p


_ADAM_RULE = (
    r"p_t = \rho_1 p_{t-1} + (1-\rho_1) g_t,\quad \hat p_t = \frac{p_t}{1-\rho_1^t},\quad "
    r"r_t = \rho_2 r_{t-1} + (1-\rho_2) g_t \odot g_t,\quad \hat r_t = \frac{r_t}{1-\rho_2^t},\quad "
    r"W_{t+1} = W_t - \frac{\alpha\, \hat p_t}{\varepsilon + \sqrt{\hat r_t}}"
)

SPEC = OptimizerSpec(
    name="adam",
    title="Adam",
    rule_latex=_ADAM_RULE,
    description={
        "en": "RMSProp with momentum and bias correction of the first and second moments.",
        "uk": "RMSProp з імпульсом і корекцією зсуву першого та другого моментів.",
    },
    reference="Kingma & Ba, Adam: A Method for Stochastic Optimization, ICLR 2015",
    state_vectors=2,
    hyperparameters=(alpha(0.001), RHO1, RHO2, eps(1e-8), weight_decay(), BIAS_CORRECTION),
    init=init,
    update=update,
    effective_lr=effective_lr,
    direction=direction,
)

AMSGRAD = OptimizerSpec(
    name="amsgrad",
    title="AMSGrad",
    rule_latex=_ADAM_RULE.replace(
        r"\hat r_t = \frac{r_t}{1-\rho_2^t}", r"\hat r_t = \frac{\max_{s \le t} r_s}{1-\rho_2^t}"
    ),
    description={
        "en": "Adam that never lets a weight's step size grow back: fixes Adam's non-convergence.",
        "uk": "Adam, у якому розмір кроку ваги ніколи не зростає знову: виправляє незбіжність Adam.",
    },
    reference="Reddi, Kale & Kumar, On the Convergence of Adam and Beyond, ICLR 2018",
    state_vectors=3,
    hyperparameters=(alpha(0.001), RHO1, RHO2, eps(1e-8), weight_decay()),
    init=init_amsgrad,
    update=update_amsgrad,
    effective_lr=effective_lr_amsgrad,
    direction=direction,
)

ADAMW = OptimizerSpec(
    name="adamw",
    title="AdamW",
    rule_latex=r"W_t \leftarrow (1 - \alpha\lambda) W_t,\ \text{then Adam:}\ " + _ADAM_RULE,
    description={
        "en": "Adam with weight decay applied to the weights directly, not through the gradient.",
        "uk": "Adam зі згасанням ваг, що застосовується до ваг напряму, а не через градієнт.",
    },
    reference="Loshchilov & Hutter, Decoupled Weight Decay Regularization, ICLR 2019",
    state_vectors=2,
    hyperparameters=(alpha(0.001), RHO1, RHO2, eps(1e-8), weight_decay(0.01)),
    init=init,
    update=update_adamw,
    effective_lr=effective_lr,
    direction=direction,
)
