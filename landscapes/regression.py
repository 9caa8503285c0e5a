r"""A real model's loss: a line fitted to data, so that mini-batch gradients are noisy the way real ones are.

The model is linear regression, ŷ = w·x + b, with the two weights (w, b) as the plot's (x, y), fitted to
64 points drawn once with a fixed seed (x uniform on [0, 4], y = 2x − 1 plus Gaussian noise of 0.5):

.. math::
    f(w, b) = \frac{1}{2N} \sum_{i=1}^{N} (w x_i + b - y_i)^2, \qquad
    \nabla f = \frac{1}{N} \sum_i (w x_i + b - y_i) \binom{x_i}{1}, \qquad
    \nabla^2 f = \frac{1}{N} \sum_i \begin{pmatrix} x_i^2 & x_i \\ x_i & 1 \end{pmatrix}

Why this model: its full-batch loss is an exact quadratic, so its minimum is the least-squares fit
(known exactly) and the curvature view's theory holds exactly; and because the inputs are not centred
(their mean is about 2), the valley is narrow and turned (κ ≈ 23), the situation the lecture's
adaptive methods are about. A mini-batch gradient is the same sum over B of the N points: its noise
comes from which points were drawn, not from an added Gaussian, so it is larger where the model fits
some points badly, and it vanishes only where every point is fitted.

How it is evaluated: the sum over the N points is folded into four moments of the data, so an
evaluation costs the same few operations as a built-in quadratic's, whatever N, and no (…, N) array
of per-point residuals is ever made (the many-starts map once held two of 1001 × 625 × 64 floats,
640 MB). With H = ∇²f above, the least-squares fit d* = (w*, b*) and f* = f(w*, b*) summed directly,

.. math::
    f(w, b) = f^* + \tfrac12\, d^\top H d, \quad d = (w, b) - (w^*, b^*), \qquad
    \nabla_B f = \begin{pmatrix} \overline{x^2}_B & \bar x_B \\ \bar x_B & 1 \end{pmatrix}
    \binom{w}{b} - \binom{\overline{xy}_B}{\bar y_B},

exact (f is a quadratic whose gradient vanishes at its least-squares minimum; the two agree to within
a few units in the last place), and f never falls below f* by rounding, as the direct sum does at 0.7% of
the points within 1e-9 of the minimum, so log(f − f*) is defined everywhere. A batch B's
gradient uses the moments (means) of that batch's own points, computed once per step for every path;
the full gradient is the batch of all N points, so B = N is the full-batch path exactly.

>>> import landscapes
>>> ls = landscapes.get("regression")
>>> np.allclose(ls.grad(ls.minima[0]), 0), round(float(np.linalg.cond(ls.hess(ls.minima[0]))), 1)
(True, 23.2)
"""

from __future__ import annotations

import numpy as np

from landscapes.base import Array, Hessian, LandscapeSpec

N_POINTS = 64
rng = np.random.default_rng(2024)
X = rng.uniform(0.0, 4.0, N_POINTS)
Y = 2.0 * X - 1.0 + rng.normal(0.0, 0.5, N_POINTS)
del rng
PER_POINT = np.stack([X * X, X, X * Y, Y])  # what the moments of a batch average: x², x, xy, y


def moments(batch: Array) -> Array:
    """The means of x², x, xy and y over the data points ``batch``."""
    return PER_POINT.take(batch, axis=1).sum(axis=1) / len(batch)


FULL = moments(np.arange(N_POINTS))
HESSIAN = (float(FULL[0]), float(FULL[1]), 1.0)


def direct_loss(w: Array, b: Array) -> Array:
    """½ mean((w·x_i + b − y_i)²), summed point by point: the definition (a (…, N) array of residuals)."""
    residuals = np.asarray(w)[..., None] * X + np.asarray(b)[..., None] - Y
    return 0.5 * np.mean(residuals**2, axis=-1)


def least_squares() -> tuple[float, float]:
    """The minimum: the ordinary least-squares line."""
    design = np.stack([X, np.ones_like(X)], axis=-1)
    (w, b), *_ = np.linalg.lstsq(design, Y, rcond=None)
    return float(w), float(b)


MINIMUM = least_squares()
F_MIN = float(direct_loss(*MINIMUM))


def loss(w: Array, b: Array) -> Array:
    """f* + ½ dᵀHd: the loss with the sum over the data folded into H (see the module's docstring)."""
    dw, db = np.asarray(w) - MINIMUM[0], np.asarray(b) - MINIMUM[1]
    h_ww, h_wb, _ = HESSIAN
    return F_MIN + 0.5 * (h_ww * dw * dw + 2.0 * h_wb * dw * db + db * db)


def _gradient(w: Array, b: Array, m: Array) -> tuple[Array, Array]:
    """The mean of (w·x_i + b − y_i)(x_i, 1) over the points whose moments are ``m``."""
    m_xx, m_x, m_xy, m_y = (float(v) for v in m)
    w, b = np.asarray(w), np.asarray(b)
    return m_xx * w + m_x * b - m_xy, m_x * w + b - m_y


def loss_grad(w: Array, b: Array) -> tuple[Array, Array]:
    return _gradient(w, b, FULL)


def batch_grad(w: Array, b: Array, batch: Array) -> tuple[Array, Array]:
    """The gradient of the loss over the points ``batch`` only (their mean): a mini-batch gradient."""
    return _gradient(w, b, moments(batch))


def loss_hess(w: Array, b: Array) -> Hessian:
    return HESSIAN


REGRESSION = LandscapeSpec(
    name="regression",
    title="Linear regression (real mini-batches)",
    latex=r"f(w, b) = \frac{1}{2N}\sum_{i=1}^{N} (w x_i + b - y_i)^2",
    grad_latex=r"\nabla f = \frac{1}{N}\sum_i (w x_i + b - y_i)\,(x_i,\ 1)",
    description=(
        "A line ŷ = w·x + b fitted to 64 data points: the plot's x is w, its y is b. "
        "Mini-batches of B points give really noisy gradients."
    ),
    reference="Bottou, Curtis & Nocedal, Optimization Methods for Large-Scale Machine Learning, SIAM Review 2018",
    bounds=((-1.0, 5.0), (-5.0, 3.0)),
    start=(-0.5, 2.5),
    value=loss,
    grad=loss_grad,
    hess=loss_hess,
    minima=(MINIMUM,),
    f_min=F_MIN,
    batch_grad=batch_grad,
    data_size=N_POINTS,
    axes=("w", "b"),
)
