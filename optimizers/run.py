"""Run an optimizer on a landscape: one path or a batch of K paths in one vectorized loop.

The loop does only what each step needs (∇f, the rule, the new point, written into an array of all
the points made once); f along the paths comes with ∇f where the landscape computes both from the terms
they share and the batch is wide, else it is evaluated a block of steps at a time, as soon as the loop
has made the block, while its points are still in the cache; where each path stopped is worked out
afterwards, at once for all paths (a quick look clears most runs).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import numpy as np

from optimizers.base import Array, Optimizer
from optimizers.schedules import Schedule
from parameters import CoreError

MAX_STEPS = 20_000
MAX_POINTS = 20_000_000  # (steps + 1) x K: about 320 MB of float64 points, the most one run may hold
FAR = 100.0  # a path farther than FAR window-spans from the window's centre has run away
CHECK_EVERY = 64  # steps between looking whether every path has stopped, and calling ``interrupt``
CHUNK_POINTS = 16_384  # points per evaluation of f along the paths: 128 KB per array it makes
LOOK_POINTS = 32_768  # points per block where f came with ∇f (none to evaluate): 512 KB, still in the L2 cache
FUSED_FROM = 2048  # coordinates from which f comes with ∇f (measured: below, a step's few calls more cost more)


class Objective(Protocol):
    """What ``run`` needs of a landscape: ``landscapes.Landscape`` (2D) and ``landscapes.Curve`` (1D) are.

    ``bounds`` holds one (low, high) window per coordinate, so its length is the dimension.
    """

    bounds: tuple[tuple[float, float], ...]

    def value(self, p: Array) -> Array: ...
    def grad(self, p: Array) -> Array: ...
    def hess(self, p: Array) -> Array: ...  # asked for only by a method that uses the Hessian (Newton's)


@dataclass(frozen=True, eq=False)
class Trajectory:
    """The result of ``run``.

    ``points[i]`` is the point after i steps (``points[0]`` is the start); ``values[i]`` is f there.
    For a batch, the second axis is the path. ``diverged_at`` is the step at which a path stopped
    (its value or gradient stopped being finite, or it ran far outside the window), -1 if never;
    every row after it is NaN (the row itself keeps a runaway point, so a plot can show where it
    went). With ``record=True``, ``grads[i]`` is the gradient used in step i+1, ``lr[i]`` the
    per-coordinate step size of that step (the rule's own ``scale``), ``direction[i]`` the momentum
    / first moment p after it (None for methods without one).
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
        raise CoreError(
            "start must be a point {point} or a list of points, got {given}", point=point, given=repr(start)
        ) from None
    if dim == 1 and W.ndim == 0:
        W = W[None]
    single = W.ndim == 1
    if single:
        W = W[None, :]
    if W.ndim != 2 or W.shape[1] != dim or W.shape[0] == 0:
        raise CoreError(
            "start must be a point {point} or an array of shape (K, {dim}), got shape {shape}",
            point=point,
            dim=dim,
            shape=str(np.shape(start)),
        )
    if not np.isfinite(W).all():
        raise CoreError("start must be finite numbers")
    return W, single


def _validated_steps(steps: object, paths: int) -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 0 <= steps <= MAX_STEPS:
        raise CoreError("steps must be a whole number from 0 to {most}, got {given}", most=MAX_STEPS, given=repr(steps))
    if (steps + 1) * paths > MAX_POINTS:
        raise CoreError(
            "{paths} paths x {steps} steps is too large a run (at most {most} points)",
            paths=paths,
            steps=int(steps),
            most=f"{MAX_POINTS:,}",
        )
    return int(steps)


def _validated_noise(noise: object) -> float:
    try:
        sigma = float(noise)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise CoreError("noise σ must be a number, got {given}", given=repr(noise)) from None
    if not (math.isfinite(sigma) and sigma >= 0):
        raise CoreError("noise σ must be ≥ 0 and finite, got {given}", given=repr(noise))
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
    interrupt: Callable[[], object] | None = None,
    shared_noise: bool = False,
    schedule: Schedule | None = None,
    batch_size: int | None = None,
) -> Trajectory:
    """Take ``steps`` steps of ``optimizer`` on ``objective`` from ``start``.

    ``start`` is (x, y) or a (K, 2) batch; K paths run in lockstep and each equals its single run.
    ``noise`` adds N(0, σ²) to each gradient component, reproducibly for a given ``seed``; a batch
    draws its own noise for every path, unless ``shared_noise``, where every path gets the draws a
    single run with this seed gets (so each path of the batch equals its single run, noise and all).
    ``interrupt``, if given, is called every few dozen steps; it may raise to abandon the run (the
    page stops work nobody waits for any more). ``schedule`` (``optimizers.schedule``) makes the
    step size of step t α·factor(t), as a ``torch.optim.lr_scheduler`` stepped after every step does.
    ``batch_size`` B, on a model's loss (a landscape with ``data_size`` N), takes each step's gradient
    over B of the N data points, drawn as PyTorch's shuffling ``DataLoader`` draws them: a new order
    of the points every epoch, cut into batches of B (the last one smaller when B does not divide N),
    reproducibly for a given ``seed``; every path of a batch gets the same data points. B = N is the
    full-batch run exactly.
    """
    W, single = _validated_start(start, len(objective.bounds))
    steps = _validated_steps(steps, W.shape[0])
    sigma = _validated_noise(noise)
    rng = np.random.default_rng(seed) if sigma > 0 else None
    draws = (1, W.shape[1]) if shared_noise else W.shape
    batches = None if batch_size is None else _batches(objective, batch_size, seed)
    alphas = None
    if schedule is not None:  # (steps, *α's shape): α may be a column of a sweep
        alphas = np.multiply.outer(schedule.factor(np.arange(steps)), np.asarray(optimizer.hyperparameters["alpha"]))

    def noisy(g: Array) -> Array:  # the gradient a step uses: with N(0, σ²) on each coordinate where σ > 0
        return g if rng is None else g + sigma * rng.standard_normal(draws)

    def gradient(W: Array) -> Array:
        return noisy(objective.grad(W) if batches is None else objective.batch_grad(W, next(batches)))

    def value_and_gradient(W: Array, f: Array) -> Array:  # ``gradient``'s, and f at W made in ``f``, from shared terms
        return noisy(objective.value_and_grad(W, out=f)[1])  # type: ignore[attr-defined]

    fused = batches is None and W.size >= FUSED_FROM and getattr(objective, "shares_terms", False)
    centre, reach = _far_box(objective)
    walk = _walk(
        optimizer, objective, W, steps, gradient, value_and_gradient if fused else None, alphas, record, interrupt,
        centre, reach,
    )  # fmt: skip
    points, values, recorded = walk.points, walk.values, walk.recorded
    diverged_at = _stops(walk, centre, reach)
    if (diverged_at >= 0).any():
        _blank_after(diverged_at, points, values, *recorded)
    if single:
        return Trajectory(points[:, 0], values[:, 0], int(diverged_at[0]), *(_first(a) for a in recorded))
    return Trajectory(points, values, diverged_at, *recorded)


class _Walk(NamedTuple):
    """What the loop leaves: every point and f there (NaN after the last step ``taken``), whether each
    coordinate of each gradient was finite, the smallest and largest coordinate of each block of points,
    whether every f was finite, and with ``record`` the gradients, step sizes and momentum of each step."""

    points: Array  # (steps + 1, K, dim)
    values: Array  # (steps + 1, K)
    grad_ok: Array  # (steps, K, dim)
    extremes: Array
    values_ok: bool
    recorded: tuple[Array | None, Array | None, Array | None]
    taken: int


def _walk(optimizer, objective, W, steps, gradient, fused, alphas, record, interrupt, centre, reach) -> _Walk:
    """The loop: per step only what the step needs (∇f, the rule, the new point), into arrays made once;
    f with ∇f where the objective computes both from shared terms (``fused`` is then ``value_and_gradient``),
    else a block of steps at a time (``_Along``)."""
    K, dim = W.shape
    points = np.empty((steps + 1, K, dim))
    grad_ok = np.empty((steps, K, dim), dtype=bool)
    grads = np.empty((steps, K, dim)) if record else None
    lr = np.empty((steps, K, dim)) if record else None
    momentum = np.empty((steps, K, dim)) if record and optimizer.spec.momentum is not None else None
    state = optimizer.init(W)
    curvature = objective.hess if optimizer.spec.uses_hessian else None
    along = _Along(objective, points, fused is not None)
    points[0] = W
    W = points[0]
    taken = steps
    with np.errstate(all="ignore"):
        for i in range(steps):
            if i and i % CHECK_EVERY == 0:
                if interrupt is not None:
                    interrupt()
                if not _near(W, centre, reach).any():
                    taken = i
                    break
            g = gradient(W) if fused is None else fused(W, along.values[i])
            np.isfinite(g, out=grad_ok[i])
            alpha = None if alphas is None else alphas[i]
            hess = None if curvature is None else curvature(W)
            W, step = optimizer.step(W, g, state, alpha=alpha, hess=hess, out=points[i + 1])
            state = step.state
            if record:
                grads[i], lr[i] = g, step.scale
                if momentum is not None:
                    momentum[i] = getattr(state, optimizer.spec.momentum)
            if i + 2 - along.done >= along.rows:
                along.upto(i + 2)
        along.finish(taken)
    points[taken + 1 :] = np.nan
    along.values[taken + 1 :] = np.nan
    for array in (grads, lr, momentum):
        if array is not None:
            array[taken:] = np.nan
    extremes = np.array(along.extremes)
    return _Walk(points, along.values, grad_ok[:taken], extremes, along.values_ok, (grads, lr, momentum), taken)


class _Along:
    """f along the paths, evaluated a block of steps at a time as soon as the loop has made the block, while
    its points are still in the cache. A block holds at most CHUNK_POINTS points: an evaluation of f makes a
    few arrays of the points' size (a typed formula as many as its program holds at once), so the block
    bounds what it holds, however many paths and steps the run has. For ``_stops``' quick look, each block's
    smallest and largest coordinate are kept, and whether f was finite so far (``values_ok``), looked at while
    the block's f is in the cache too (after the loop, every f would come from memory again)."""

    def __init__(self, objective: Objective, points: Array, fused: bool) -> None:
        self.objective, self.points, self.fused = objective, points, fused
        self.values = np.empty(points.shape[:2])
        self.rows = max(1, (LOOK_POINTS if fused else CHUNK_POINTS) // points.shape[1])
        self.done = 0  # the rows of points looked at (and, unless ``fused``, whose f is known)
        self.checked = 0  # the rows whose f was looked at
        self.extremes: list[float] = []
        self.values_ok = True  # every f looked at was finite

    def upto(self, made: int) -> None:
        """The points from row ``done`` up to (not including) row ``made``: their f, unless the loop's
        gradient gave it (``fused``), and their extremes; whether f is finite up to the row before
        (where ``fused``, f at point ``made`` − 1 comes with ∇f there, in the loop's next step)."""
        block = self.points[self.done : made]
        if not self.fused:
            self.values[self.done : made] = self.objective.value(block)
        self.extremes += (block.min(), block.max())
        self.done = made
        self.look(made - 1)

    def look(self, known: int) -> None:
        """Whether f is finite in the rows from ``checked`` up to (not including) row ``known``."""
        self.values_ok = self.values_ok and bool(np.isfinite(self.values[self.checked : known]).all())
        self.checked = known

    def finish(self, taken: int) -> None:
        """The rows the loop made since the last block, up to the last point (row ``taken``), whose f no
        gradient gave where ``fused``, and whether the f not yet looked at is finite."""
        if self.done <= taken:
            self.upto(taken + 1)
        if self.fused:
            self.values[taken] = self.objective.value(self.points[taken])
        self.look(taken + 1)


def _batches(objective: Objective, batch_size: object, seed: int | None) -> Iterator[Array]:
    """Index arrays of B data points: each epoch a fresh shuffle of all N, cut into batches of B."""
    size = int(getattr(objective, "data_size", 0) or 0)
    if size == 0:
        raise CoreError("mini-batches need a model's loss over data, such as the regression landscape")
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or not 1 <= batch_size <= size:
        raise CoreError(
            "batch size must be a whole number from 1 to {size}, got {given}", size=size, given=repr(batch_size)
        )
    rng = np.random.default_rng([0 if seed is None else seed, 1])  # apart from the gradient noise's stream
    while True:
        order = rng.permutation(size)
        for start in range(0, size, batch_size):
            yield np.sort(order[start : start + batch_size])  # sorted: B = N sums as the full gradient does


def _stops(walk: _Walk, centre: Array, reach: float) -> Array:
    """The step at which each path stopped, -1 if never, in the order a step checks things.

    Step i first needs ∇f at point i (a gradient that is not finite stops the path at i), then makes
    point i + 1, which must be finite, near the window and have a finite f (else it stops at i + 1).
    The start only needs a finite f.
    """
    points, values = walk.points[: walk.taken + 1], walk.values[: walk.taken + 1]
    if _none_stopped(walk, centre, reach):
        return np.full(points.shape[1], -1)
    point_ok = _near(points, centre, reach) & np.isfinite(values)
    point_ok[0] = np.isfinite(values[0])
    checks = np.empty((2 * points.shape[0] - 1, points.shape[1]), dtype=bool)
    checks[0::2], checks[1::2] = point_ok, _all_columns(walk.grad_ok)  # point 0, ∇f at 0, point 1, ∇f at 1, ...
    failed = ~checks
    first = np.argmax(failed, axis=0)
    return np.where(failed.any(axis=0), first // 2, -1)


def _none_stopped(walk: _Walk, centre: Array, reach: float) -> bool:
    """A quick look that clears most runs without looking at each point: every gradient and every f
    finite, and each block's smallest and largest coordinate near the window, so every coordinate is
    (|p − c|, computed in floating point, only grows as p moves away from c; a NaN fails the test)."""
    near = np.abs(walk.extremes[:, None] - centre) <= reach
    return bool(walk.values_ok and near.all() and walk.grad_ok.all())


def _blank_after(diverged_at: Array, points: Array, values: Array, *recorded: Array | None) -> None:
    """NaN after each path's stop; at the stop itself, NaN only where a number is not finite."""
    rows = np.arange(points.shape[0])[:, None]
    stopped = diverged_at >= 0
    after = stopped & (rows > diverged_at)
    points[after] = np.nan
    values[after] = np.nan
    at = stopped & (rows == diverged_at)
    points[at & ~_finite_points(points)] = np.nan
    values[~np.isfinite(values)] = np.nan
    for array in recorded:
        if array is not None:
            array[stopped & (rows[:-1] >= diverged_at)] = np.nan


def _near(W: Array, centre: Array, reach: float) -> Array:
    """Whether each point is finite and within ``reach`` of the centre in every coordinate (NaN is not)."""
    return _all_columns(np.abs(W - centre) <= reach)


def _all_columns(a: Array) -> Array:
    """``a.all(-1)``, spelled out for 2 columns, where it is several times faster."""
    return a[..., 0] & a[..., 1] if a.shape[-1] == 2 else a.all(axis=-1)


def _finite_points(a: Array) -> Array:
    """Whether every coordinate of each point is finite."""
    return _all_columns(np.isfinite(a))


def _first(array: Array | None) -> Array | None:
    return None if array is None else array[:, 0]
