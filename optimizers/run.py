"""Run an optimizer on a landscape: one path or a batch of K paths in one vectorized loop."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from optimizers.base import Array, Optimizer

MAX_STEPS = 20_000
MAX_POINTS = 20_000_000  # (steps + 1) x K: about 320 MB of float64 points, the most one run may hold
FAR = 100.0  # a path farther than FAR window-spans from the window's centre has run away


class Objective(Protocol):
    """What ``run`` needs of a landscape: ``landscapes.Landscape`` (2D) and ``landscapes.Curve`` (1D) are.

    ``bounds`` holds one (low, high) window per coordinate, so its length is the dimension.
    """

    bounds: tuple[tuple[float, float], ...]

    def value(self, p: Array) -> Array: ...
    def grad(self, p: Array) -> Array: ...


@dataclass(frozen=True, eq=False)
class Trajectory:
    """The result of ``run``.

    ``points[i]`` is the point after i steps (``points[0]`` is the start); ``values[i]`` is f there.
    For a batch, the second axis is the path. ``diverged_at`` is the step at which a path stopped
    (its value or gradient stopped being finite, or it ran far outside the window), -1 if never;
    every row after it is NaN. With ``record=True``, ``grads[i]`` is the gradient used in step i+1,
    ``lr[i]`` the per-coordinate effective learning rate of that step, ``direction[i]`` the
    momentum / first moment after it (None for methods without one).
    """

    points: Array
    values: Array
    diverged_at: Array | int
    grads: Array | None = None
    lr: Array | None = None
    direction: Array | None = None

    @property
    def steps(self) -> int:
        return self.points.shape[0] - 1

    @property
    def last(self) -> Array:
        """The last finite point of each path."""
        finite = _finite_points(self.points)
        last_row = finite.shape[0] - 1 - np.argmax(finite[::-1], axis=0)
        if self.points.ndim == 2:
            return self.points[last_row]
        return self.points[last_row, np.arange(self.points.shape[1])]


def _validated_start(start: object, dim: int = 2) -> tuple[Array, bool]:
    point = "(x, y)" if dim == 2 else f"of {dim} coordinate(s)"
    try:
        W = np.array(start, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"start must be a point {point} or a list of points, got {start!r}") from None
    if dim == 1 and W.ndim == 0:
        W = W[None]
    single = W.ndim == 1
    if single:
        W = W[None, :]
    if W.ndim != 2 or W.shape[1] != dim or W.shape[0] == 0:
        raise ValueError(f"start must be a point {point} or an array of shape (K, {dim}), got shape {np.shape(start)}")
    if not np.isfinite(W).all():
        raise ValueError("start must be finite numbers")
    return W, single


def _validated_steps(steps: object, paths: int) -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be a whole number from 0 to {MAX_STEPS}, got {steps!r}")
    if (steps + 1) * paths > MAX_POINTS:
        raise ValueError(f"{paths} paths x {steps} steps is too large a run (at most {MAX_POINTS:,} points)")
    return int(steps)


def _validated_noise(noise: object) -> float:
    try:
        sigma = float(noise)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"noise σ must be a number, got {noise!r}") from None
    if not (math.isfinite(sigma) and sigma >= 0):
        raise ValueError(f"noise σ must be ≥ 0 and finite, got {noise!r}")
    return sigma


def _far_box(objective: Objective) -> tuple[Array, float]:
    bounds = np.asarray(objective.bounds, dtype=float)
    return bounds.mean(axis=1), FAR * float(np.max(bounds[:, 1] - bounds[:, 0]))


def run(
    optimizer: Optimizer,
    objective: Objective,
    start: object,
    steps: int,
    noise: float = 0.0,
    seed: int | None = None,
    record: bool = False,
) -> Trajectory:
    """Take ``steps`` steps of ``optimizer`` on ``objective`` from ``start``.

    ``start`` is (x, y) or a (K, 2) batch; K paths run in lockstep and each equals its single run
    (with ``noise`` > 0 the noise of a batch is drawn for the whole batch, so only the seed, not
    the draws, is shared with a single run). ``noise`` adds N(0, σ²) to each gradient component,
    reproducibly for a given ``seed``.
    """
    W, single = _validated_start(start, len(objective.bounds))
    steps = _validated_steps(steps, W.shape[0])
    sigma = _validated_noise(noise)
    rng = np.random.default_rng(seed) if sigma > 0 else None
    centre, reach = _far_box(objective)

    K = W.shape[0]
    points = np.empty((steps + 1, K, W.shape[1]))
    values = np.empty((steps + 1, K))
    recorder = _Recorder(steps, K, W.shape[1]) if record else None
    state = optimizer.init(W)

    with np.errstate(all="ignore"):
        v = objective.value(W)
        alive = np.isfinite(v)
        diverged_at = np.where(alive, -1, 0)
        points[0], values[0] = W, np.where(alive, v, np.nan)
        taken = steps
        for i in range(steps):
            if not alive.any():
                taken = i
                break
            g = objective.grad(W)
            if rng is not None:
                g = g + sigma * rng.standard_normal(g.shape)
            bad_grad = alive & ~_finite_points(g)
            diverged_at[bad_grad] = i
            alive &= ~bad_grad
            W, state = optimizer.update(W, g, state)
            v = objective.value(W)
            if recorder is not None:
                recorder.store(i, optimizer, W, g, state, alive)
            points[i + 1] = np.where((alive & _finite_points(W))[:, None], W, np.nan)
            values[i + 1] = np.where(alive & np.isfinite(v), v, np.nan)
            near = _all_columns(np.abs(W - centre) <= reach)  # NaN compares False
            stopped = alive & ~(near & np.isfinite(v))
            diverged_at[stopped] = i + 1
            alive &= ~stopped
        points[taken + 1 :] = np.nan
        values[taken + 1 :] = np.nan

    if single:
        return Trajectory(points[:, 0], values[:, 0], int(diverged_at[0]), *_single(recorder))
    return Trajectory(points, values, diverged_at, *(recorder.arrays() if recorder else (None,) * 3))


def _all_columns(a: Array) -> Array:
    """``a.all(-1)``, spelled out for 2 columns, where it is several times faster."""
    return a[..., 0] & a[..., 1] if a.shape[-1] == 2 else a.all(axis=-1)


def _finite_points(a: Array) -> Array:
    """Whether every coordinate of each point is finite."""
    return _all_columns(np.isfinite(a))


class _Recorder:
    """Keeps what the step inspector shows: g, the effective learning rate and the direction."""

    def __init__(self, steps: int, K: int, dim: int) -> None:
        self.grads = np.full((steps, K, dim), np.nan)
        self.lr = np.full((steps, K, dim), np.nan)
        self.direction: Array | None = None
        self._shape = (steps, K, dim)

    def store(self, i: int, optimizer: Optimizer, W: Array, g: Array, state: object, alive: Array) -> None:
        mask = alive[:, None]
        self.grads[i] = np.where(mask, g, np.nan)
        self.lr[i] = np.where(mask, optimizer.effective_lr(W, state), np.nan)  # type: ignore[arg-type]
        direction = optimizer.spec.direction
        if direction is not None:
            if self.direction is None:
                self.direction = np.full(self._shape, np.nan)
            self.direction[i] = np.where(mask, direction(state), np.nan)  # type: ignore[arg-type]

    def arrays(self) -> tuple[Array, Array, Array | None]:
        return self.grads, self.lr, self.direction


def _single(recorder: _Recorder | None) -> tuple[Array | None, Array | None, Array | None]:
    if recorder is None:
        return None, None, None
    return tuple(a[:, 0] if a is not None else None for a in recorder.arrays())  # type: ignore[return-value]
