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


def _residuals(w: Array, b: Array, x: Array, y: Array) -> Array:
    """w·x_i + b − y_i for every point (last axis) of every (w, b)."""
    return np.asarray(w)[..., None] * x + np.asarray(b)[..., None] - y


def loss(w: Array, b: Array) -> Array:
    return 0.5 * np.mean(_residuals(w, b, X, Y) ** 2, axis=-1)


def loss_grad(w: Array, b: Array) -> tuple[Array, Array]:
    return batch_grad(w, b, np.arange(N_POINTS))


def batch_grad(w: Array, b: Array, batch: Array) -> tuple[Array, Array]:
    """The gradient of the loss over the points ``batch`` only (their mean): a mini-batch gradient."""
    x, y = X[batch], Y[batch]
    error = _residuals(w, b, x, y)
    return np.mean(error * x, axis=-1), np.mean(error, axis=-1)


HESSIAN = (float(np.mean(X * X)), float(np.mean(X)), 1.0)


def loss_hess(w: Array, b: Array) -> Hessian:
    return HESSIAN


def least_squares() -> tuple[float, float]:
    """The minimum: the ordinary least-squares line."""
    design = np.stack([X, np.ones_like(X)], axis=-1)
    (w, b), *_ = np.linalg.lstsq(design, Y, rcond=None)
    return float(w), float(b)


MINIMUM = least_squares()

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
    f_min=float(loss(*MINIMUM)),
    batch_grad=batch_grad,
    data_size=N_POINTS,
    axes=("w", "b"),
)
