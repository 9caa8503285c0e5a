r"""What theory says, next to what the runs show: curvature, conditioning and convergence rates.

On a quadratic f(W) = ½ (W − W*)ᵀ H (W − W*) the statements here are exact; elsewhere they hold near
a minimum, with H the Hessian there (a local approximation, and the page says so).

The condition number κ = λ_max/λ_min of H is how elongated the valley is. A method that scales each
coordinate's step by s_i (α for gradient descent, α/(ε + √r̂_t) for Adam) walks on the valley
diag(s)·H, whose κ is what it really faces: Adam's scaling can make an axis-aligned valley round
(κ near 1), but not a rotated one, whose axes no per-coordinate scale can reach.

Gradient descent with step α contracts each eigendirection by |1 − αλ| per step. Momentum (heavy ball,
PyTorch's form p_t = βp_{t−1} + g_t, W_{t+1} = W_t − αp_t) follows w_{t+1} = (1 + β − αλ)w_t − βw_{t−1}
along each eigendirection, whose characteristic roots z satisfy z² − (1 + β − αλ)z + β = 0; its rate
is the largest |z|. f − f* shrinks by the rate squared per step.

Reference: G. Goh, "Why Momentum Really Works", Distill, 2017. doi:10.23915/distill.00006

>>> H = np.diag([1.0, 50.0])  # the κ = 50 bowl
>>> float(condition_number(H)), float(gd_optimal(H)[0]), round(float(gd_optimal(H)[1]), 4)  # α* = 2/(1 + 50)
(50.0, 0.0392156862745098, 0.9608)
>>> alpha, beta, rate = momentum_optimal(H)  # Goh: (√κ − 1)/(√κ + 1)
>>> round(float(rate), 4), round(float(momentum_rate(alpha, beta, H)), 4)
(0.7522, 0.7522)
>>> float(preconditioned_condition(H, np.array([1.0, 1 / 50])))  # a scale that matches the curvature
1.0
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def eigenvalues(H: Array) -> Array:
    """The curvatures along H's axes, ascending: shape (..., d)."""
    return np.linalg.eigvalsh(H)


def condition_number(H: Array) -> Array:
    """κ(H) = max|λ| / min|λ| (∞ where some curvature is 0; |λ| since a saddle has negative ones)."""
    size = np.abs(eigenvalues(H))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(size.min(axis=-1) > 0, size.max(axis=-1) / size.min(axis=-1), np.inf)


def preconditioned_condition(H: Array, scale: Array) -> Array:
    """κ of diag(s)·H, the valley a method with per-coordinate step sizes ``scale`` walks on.

    diag(s)·H has the eigenvalues of the symmetric diag(√s) H diag(√s), which is what is computed.
    """
    root = np.sqrt(np.asarray(scale, dtype=float))
    return condition_number(root[..., :, None] * H * root[..., None, :])


def preconditioner(uses_hessian: bool, hyperparameters: dict, H: Array, scale: Array) -> Array:
    """The matrix P a method's step multiplies the gradient by (momentum aside): diag(s) for a method
    with per-coordinate step sizes s (``scale``), α·H̃⁻¹ for Newton's (H̃ = V(|Λ| + δI)Vᵀ)."""
    if not uses_hessian:
        scale = np.asarray(scale, dtype=float)
        return scale[..., :, None] * np.eye(scale.shape[-1])
    lam, V = np.linalg.eigh(H)
    with np.errstate(divide="ignore"):
        inverse = 1.0 / (np.abs(lam) + hyperparameters.get("delta", 0.0))
    return hyperparameters["alpha"] * (V * inverse[..., None, :]) @ np.swapaxes(V, -1, -2)


def scaled_condition(P: Array, H: Array) -> Array:
    """κ of P·H (P symmetric positive definite): the valley as the method's steps see it."""
    lam, V = np.linalg.eigh(P)
    root = (V * np.sqrt(np.maximum(lam, 0.0))[..., None, :]) @ np.swapaxes(V, -1, -2)
    return condition_number(root @ H @ root)


def gd_rate(alpha: float, H: Array) -> Array:
    """Gradient descent's contraction per step: max_i |1 − αλ_i| (≥ 1: it does not converge)."""
    return np.abs(1 - alpha * eigenvalues(H)).max(axis=-1)


def momentum_rate(alpha: float, beta: float, H: Array) -> Array:
    """Momentum's contraction per step: the largest |z| with z² − (1 + β − αλ)z + β = 0, over H's λ."""
    b = 1 + beta - alpha * eigenvalues(H)
    root = np.sqrt((b**2 - 4 * beta).astype(complex))
    return np.maximum(np.abs((b + root) / 2), np.abs((b - root) / 2)).max(axis=-1)


def gd_edge(H: Array) -> Array:
    """The largest stable step of gradient descent: α < 2/λ_max."""
    return 2 / eigenvalues(H)[..., -1]


def momentum_edge(beta: Array | float, H: Array) -> Array:
    """The largest stable step of momentum for each β: α < 2(1 + β)/λ_max."""
    return 2 * (1 + np.asarray(beta)) / eigenvalues(H)[..., -1]


def gd_optimal(H: Array) -> tuple[Array, Array]:
    """The best fixed step α = 2/(λ_min + λ_max) and its rate (κ − 1)/(κ + 1)."""
    lam = eigenvalues(H)
    low, high = lam[..., 0], lam[..., -1]
    return 2 / (low + high), (high - low) / (high + low)


def momentum_optimal(H: Array) -> tuple[Array, Array, Array]:
    """Goh's optimal (α, β) = ((2/(√λ_min + √λ_max))², ((√κ − 1)/(√κ + 1))²) and its rate (√κ − 1)/(√κ + 1)."""
    lam = eigenvalues(H)
    low, high = np.sqrt(lam[..., 0]), np.sqrt(lam[..., -1])
    rate = (high - low) / (high + low)
    return (2 / (low + high)) ** 2, rate**2, rate


def measured_rate(gaps: Array) -> float:
    """The per-step rate a run shows: from f − f* over its second half, (gap_T / gap_{T/2})^{1/(2(T − T/2))}.

    The square root undoes f's quadratic dependence on the distance, so it compares with the rates above.
    """
    gaps = np.asarray(gaps, dtype=float)
    last = int(np.flatnonzero(np.isfinite(gaps) & (gaps > 0))[-1])
    middle = last // 2
    return float((gaps[last] / gaps[middle]) ** (1 / (2 * (last - middle))))
