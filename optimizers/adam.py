r"""Adam = RMSProp + momentum + bias correction, and its variants AMSGrad and AdamW.

Adam ("Adaptive Moment Estimation"), in the lecture's notation:

.. math::
    p_t = \rho_1 p_{t-1} + (1 - \rho_1)\, g_t, \qquad \hat p_t = \frac{p_t}{1 - \rho_1^t} \\
    r_t = \rho_2 r_{t-1} + (1 - \rho_2)\, g_t \odot g_t, \qquad \hat r_t = \frac{r_t}{1 - \rho_2^t} \\
    W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{\hat r_t}} \odot \hat p_t

with :math:`p_0 = r_0 = 0`, t counted from 1. Defaults: α = 0.001, ρ₁ = 0.9, ρ₂ = 0.999, ε = 1e-8.
State: p, r (2 vectors per weight). ``bias_correction=False`` uses :math:`p_t, r_t` in place of
:math:`\hat p_t, \hat r_t`. Both start at 0, but r (with ρ₂ near 1) stays small far longer than p, so
the early steps come out too large: :math:`(1-\rho_1)/\sqrt{1-\rho_2} \approx 3.2` times at t = 1,
about 6.5 times at t = 10. Same as ``torch.optim.Adam(lr=α, betas=(ρ₁, ρ₂), eps=ε, weight_decay=λ)``.

AMSGrad (``torch.optim.Adam(..., amsgrad=True)``) divides by the running maximum of :math:`r_t`,
:math:`\hat r_t = \max_{s \le t} r_s / (1 - \rho_2^t)`, so the step size can never grow back:
3 vectors per weight.

AdamW (``torch.optim.AdamW``) decays the weights apart from the gradient:
:math:`W \leftarrow W(1 - \alpha\lambda)` before the Adam step, with λ = 0.01 by default.

References: D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015;
S. J. Reddi, S. Kale, S. Kumar, "On the Convergence of Adam and Beyond", ICLR 2018;
I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.

Example (the first step of Adam is α·sign(g), whatever the size of g)::

    >>> import numpy as np
    >>> zeros = np.zeros((1, 2))
    >>> step = adam(None, np.array([[0.5, -40.0]]), AdamState(zeros, zeros), 0.1, 0.9, 0.999, 0.0)
    >>> step.scale * step.direction
    array([[ 0.1, -0.1]])
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from optimizers.base import DECOUPLED, Array, OptimizerSpec, Step, adaptive_scale
from optimizers.hyperparameters import BIAS_CORRECTION, RHO1, RHO2, alpha, eps
from optimizers.hyperparameters import weight_decay as weight_decay_parameter


class AdamState(NamedTuple):
    p: Array  # first moment: decaying average of gradients
    r: Array  # second moment: decaying average of squared gradients
    t: int = 0  # steps taken


class AMSGradState(NamedTuple):
    p: Array
    r: Array
    r_max: Array  # largest r so far
    t: int = 0


def moments(g: Array, state: NamedTuple, rho1: float, rho2: float) -> tuple[int, Array, Array]:
    """t, p_t and r_t: the two decaying averages Adam and its variants (AMSGrad, NAdam) keep, from a state
    with fields p, r and t. Each sum is added into its first term's new array, and g ⊙ g multiplied into
    (1 − ρ₂) g's: the same numbers, three arrays fewer a step."""
    t = state.t + 1
    p = rho1 * state.p
    p += (1 - rho1) * g
    r = rho2 * state.r
    squared = (1 - rho2) * g
    squared *= g  # (1 − ρ₂) g ⊙ g, in torch's order (addcmul), in one array
    r += squared
    return t, p, r


def corrected(p: Array, rho1: float, t: int) -> Array:
    r"""The bias-corrected first moment :math:`\hat p_t = p_t / (1 - \rho_1^t)`, as a multiplication by the
    reciprocal: the coordinates' division costs twice a multiplication's time, and Adam takes one every step.

    >>> corrected(np.array([[0.05, -0.4]]), 0.9, 1)  # t = 1: p̂₁ = g₁
    array([[ 0.5, -4. ]])
    """
    return p * (1 / (1 - rho1**t))


def corrected_scale(alpha: float, r: Array, eps: float, rho2: float, t: int) -> Array:
    r"""The step size with r's bias correction, :math:`\alpha / (\varepsilon + \sqrt{\hat r_t})` with
    :math:`\hat r_t = r_t / c_t`, :math:`c_t = 1 - \rho_2^t`, made as
    :math:`\alpha\sqrt{c_t} / (\varepsilon\sqrt{c_t} + \sqrt{r_t})`: the same number (multiply above and
    below by √c_t), with the correction on two scalars instead of every coordinate. Kingma & Ba give this
    order themselves (end of their Section 2) as the more efficient one.

    >>> g = np.array([[0.5, -4.0]])
    >>> corrected_scale(0.1, (1 - 0.999) * g * g, 0.0, 0.999, 1).round(12)  # t = 1: r̂₁ = g², so α/|g|
    array([[0.2  , 0.025]])
    """
    root = np.sqrt(1 - rho2**t)
    return adaptive_scale(alpha * root, r, eps * root)


def adam(
    W: Array, g: Array, state: AdamState, alpha: float, rho1: float, rho2: float, eps: float, bias_correction=True
) -> Step:
    t, p, r = moments(g, state, rho1, rho2)
    if bias_correction:
        scale, direction = corrected_scale(alpha, r, eps, rho2, t), corrected(p, rho1, t)
    else:
        scale, direction = adaptive_scale(alpha, r, eps), p
    return Step(AdamState(p, r, t), scale=scale, direction=direction)


def amsgrad(W: Array, g: Array, state: AMSGradState, alpha: float, rho1: float, rho2: float, eps: float) -> Step:
    t, p, r = moments(g, state, rho1, rho2)
    r_max = np.maximum(state.r_max, r)
    scale = corrected_scale(alpha, r_max, eps, rho2, t)
    return Step(AMSGradState(p, r, r_max, t), scale=scale, direction=corrected(p, rho1, t))


MOMENTS_LATEX = (
    r"p_t = \rho_1 p_{t-1} + (1-\rho_1) g_t,\quad \hat p_t = \frac{p_t}{1-\rho_1^t},\quad "
    r"r_t = \rho_2 r_{t-1} + (1-\rho_2) g_t \odot g_t,\quad "
)
STEP_LATEX = r"W_{t+1} = W_t - \frac{\alpha}{\varepsilon + \sqrt{\hat r_t}} \odot \hat p_t"

SPEC = OptimizerSpec(
    name="adam",
    title="Adam",
    rule=adam,
    state=AdamState,
    momentum="p",
    hyperparameters=(alpha(0.001), RHO1, RHO2, eps(1e-8), weight_decay_parameter(), BIAS_CORRECTION),
    rule_latex=MOMENTS_LATEX + r"\hat r_t = \frac{r_t}{1-\rho_2^t},\quad " + STEP_LATEX,
    description="RMSProp with momentum and bias correction of the first and second moments.",
    reference="Kingma & Ba, Adam: A Method for Stochastic Optimization, ICLR 2015",
)

AMSGRAD = OptimizerSpec(
    name="amsgrad",
    title="AMSGrad",
    rule=amsgrad,
    state=AMSGradState,
    momentum="p",
    hyperparameters=(alpha(0.001), RHO1, RHO2, eps(1e-8), weight_decay_parameter()),
    rule_latex=MOMENTS_LATEX + r"\hat r_t = \frac{\max_{s \le t} r_s}{1-\rho_2^t},\quad " + STEP_LATEX,
    description="Adam that never lets a weight's step size grow back: fixes Adam's non-convergence.",
    reference="Reddi, Kale & Kumar, On the Convergence of Adam and Beyond, ICLR 2018",
)

ADAMW = OptimizerSpec(
    name="adamw",
    title="AdamW",
    rule=adam,
    state=AdamState,
    momentum="p",
    hyperparameters=(alpha(0.001), RHO1, RHO2, eps(1e-8), weight_decay_parameter(0.01, DECOUPLED)),
    rule_latex=r"W_t \leftarrow (1 - \alpha\lambda) W_t,\ \text{then Adam:}\ "
    + MOMENTS_LATEX
    + r"\hat r_t = \frac{r_t}{1-\rho_2^t},\quad "
    + STEP_LATEX,
    description="Adam with weight decay applied to the weights directly, not through the gradient.",
    reference="Loshchilov & Hutter, Decoupled Weight Decay Regularization, ICLR 2019",
    weight_decay=DECOUPLED,
)
