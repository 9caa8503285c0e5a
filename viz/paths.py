"""A path as the charts draw it: a few hundred of a run's thousands of points, and its numbers.

A run of 1000 steps with its recorded gradients and step sizes is about 100 KB; the charts need a
few hundred points of it (more than pixels along a path add bytes, not detail), the results table a
few numbers and the step inspector 50 frames. ``summarize`` keeps just that (about 15 KB), so the
page can cache the paths of a whole lecture hall in a few megabytes.

>>> import numpy as np
>>> from types import SimpleNamespace
>>> t = np.arange(2001) / 2000
>>> parabola = np.stack([t, t * t], -1)
>>> run = SimpleNamespace(points=parabola, values=t, diverged_at=-1, grads=None, lr=None, direction=None)
>>> path = summarize("sgd", run, minima=((1.0, 1.0),), bounds=((0.0, 1.0), (0.0, 1.0)))
>>> len(path.steps) < 600, path.reached_at, path.distance
(True, 1992, 0.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

Array = np.ndarray
MAX_PATH_POINTS = 600
PATH_TOLERANCE = 1 / 1000  # of the window's larger side: less than a pixel on any screen
CURVE_POINTS = 300  # points of the loss and step-size curves along the steps
FRAMES = 25  # steps the inspector shows, at round numbers: about this many
TOLERANCE_SHARE = 0.01  # "reached" = within 1% of the window's larger side of a global minimum
DIGITS = float(np.finfo(np.float64).eps)  # float64 keeps about 16 significant digits: 2.2e-16


@dataclass(frozen=True)
class Frames:
    """The step inspector at a few steps: where each path is, and its arrows as unit vectors."""

    steps: Array  # int32 (F,)
    heads: Array  # float32 (F, dim): the point at that step
    downhill: Array  # float32 (F, dim): −g, the gradient's direction reversed
    momentum: Array | None  # float32 (F, dim): −p, the momentum / first moment after the step
    taken: Array  # float32 (F, dim): the step actually taken from there


@dataclass(frozen=True)
class Curvature:
    """What the curvature view draws of one path (see ``optimizers.theory``).

    ``kappa`` is κ(H) and ``kappa_scaled`` κ(P·H) at the path's curve steps (P: the method's own
    scaling of the gradient); ``ellipses[f, 0]`` is the curvature ellipse at frame f's point,
    ``ellipses[f, 1]`` the method's scaling ellipse there, as closed outlines of points.
    """

    kappa: Array  # float32 (m,)
    kappa_scaled: Array  # float32 (m,)
    ellipses: Array  # float32 (F, 2, ELLIPSE_POINTS + 1, dim)


@dataclass(frozen=True)
class PathView:
    """One optimizer's path, as the charts show it; ``label`` is added in the page's language."""

    name: str
    steps: Array  # int32 (n,): the step of each kept point (the first and the last are always kept)
    points: Array  # float32 (n, dim)
    values: Array  # float32 (n,): f at those points
    curve_steps: Array  # int32 (m,): steps of the loss and step-size curves
    curve_values: Array  # float64 (m,): f there, f* + ``floor`` at least (``gap_floor``)
    lr: Array | None  # float32 (m, dim): the per-coordinate step size of the step leaving each of them
    diverged_at: int
    final_f: float  # f at the last finite point
    distance: float | None  # from there to the nearest global minimum; None where none is known
    reached_at: int | None  # the first step within tolerance of a global minimum
    left_at: int | None  # the first step outside the window (on an unbounded f, the escape)
    frames: Frames | None = None
    label: str = ""
    inspector: Array | None = None  # (F, 1 + len(ARROWS), 2): per frame the head and the tips of its arrows
    curvature: Curvature | None = None
    floor: float | None = None  # the smallest f − f* the curves show (``gap_floor``); None where f* is unknown
    packed: dict | None = None  # every step of the path to half a pixel, for the stage (``viz.rowdata``)

    @property
    def last_step(self) -> int:
        return int(self.steps[-1]) if self.steps.size else 0


def tolerance(bounds: Sequence[tuple[float, float]]) -> float:
    return TOLERANCE_SHARE * max(hi - lo for lo, hi in bounds)


def gap_floor(start: float, f_min: float) -> float:
    """The smallest f − f* a loss curve shows: 16 decades below the gap it started from (and below f*'s own
    scale), as many digits as float64 keeps of a loss of that size. A path that passes a hair from the
    minimum drops below it for a step (RMSProp to 1e-25 on a bowl) and would stretch the chart's log axis
    over 25 decades of which 15 say nothing; Newton's exact step (f − f* = 0) would sit at 1e-300.

    >>> gap_floor(565.6, 0.0) == 565.6 * DIGITS, gap_floor(3.0, 3.0) == 3.0 * DIGITS
    (True, True)
    """
    scale = max(abs(f_min), start - f_min) if np.isfinite(start) else abs(f_min)
    return max(scale * DIGITS, 1e-300)


def summarize(
    name: str,
    run,
    minima: Sequence[Sequence[float]],
    bounds: Sequence[tuple[float, float]],
    frames: bool = False,
    f_min: float | None = None,
) -> PathView:
    """The drawn part of a single run (``optimizers.Trajectory``) and its numbers at full resolution; where
    ``f_min`` (f*) is known, its loss curve stops at f* + ``gap_floor``."""
    points, values = run.points, run.values
    finite = np.flatnonzero(np.isfinite(points).all(axis=1))
    last = int(finite[-1]) if finite.size else 0
    kept = _along_the_path(points[: last + 1], tolerance(bounds) * PATH_TOLERANCE / TOLERANCE_SHARE)
    curve = _along_the_steps(np.flatnonzero(np.isfinite(values)), CURVE_POINTS)
    distance = reached = None
    if minima and finite.size:
        gaps = np.linalg.norm(points[:, None, :] - np.asarray(minima, dtype=float)[None], axis=-1).min(axis=1)
        distance = float(gaps[last])
        inside = np.flatnonzero(gaps <= tolerance(bounds))
        reached = int(inside[0]) if inside.size else None
    with np.errstate(over="ignore", invalid="ignore"):  # a runaway value is inf in float32: still drawn off-scale
        view = _view(name, run, kept, curve, last, distance, reached, frames, bounds)
    if f_min is None or not curve.size:
        return view
    floor = gap_floor(float(values[0]), f_min)
    return replace(view, curve_values=np.maximum(view.curve_values, f_min + floor), floor=floor)


def _view(name, run, kept, curve, last, distance, reached, frames, bounds) -> PathView:
    points, values = run.points, run.values
    lr = None
    if run.lr is not None and curve.size:
        lr = run.lr[np.minimum(curve, run.lr.shape[0] - 1)].astype(np.float32)
    steps, drawn, at = kept.astype(np.int32), points[kept].astype(np.float32), values[kept].astype(np.float32)
    inspector = _frames(run, last) if frames and run.grads is not None else None
    return PathView(
        name=name,
        steps=steps,
        points=drawn,
        values=at,
        curve_steps=curve.astype(np.int32),
        curve_values=values[curve].astype(np.float64),
        lr=lr,
        diverged_at=int(run.diverged_at),
        final_f=float(values[last]) if np.isfinite(values[last]) else float("nan"),
        distance=distance,
        reached_at=reached,
        left_at=_first_outside(points[: last + 1], bounds),
        frames=inspector,
        inspector=_inspector_points(inspector, bounds) if inspector is not None else None,
    )


def _first_outside(points: Array, bounds: Sequence[tuple[float, float]]) -> int | None:
    """The first of ``points`` outside the window ``bounds``, None if all are inside.

    >>> _first_outside(np.array([[0.0, 0.0], [0.5, 0.9], [0.5, 1.2]]), ((0, 1), (0, 1)))
    2
    """
    lo, hi = np.asarray(bounds, dtype=float).T
    outside = np.flatnonzero(((points < lo) | (points > hi)).any(axis=-1))
    return int(outside[0]) if outside.size else None


ELLIPSE_POINTS = 16  # drawn as a spline: round enough, and few bytes in each of the frames
ELLIPSE_SHARE = 0.12  # an ellipse's longer half-axis, of the window's larger side


def ellipses(centres: Array, matrices: Array, bounds: Sequence[tuple[float, float]], inverse: bool) -> Array:
    r"""Outlines of {c + d : dᵀ M d = r²} (``inverse``: of dᵀ M⁻¹ d = r²), each scaled so that its longer
    half-axis is ELLIPSE_SHARE of the window: only the shape and the direction tell.

    The curvature ellipse of a Hessian H (with |λ| for a saddle) has half-axes ∝ 1/√|λ_i| along H's
    eigenvectors: long where the valley is flat. A method that multiplies the gradient by P treats
    the ellipse of P⁻¹ as round, so ``inverse=True`` draws P's: when it matches H's, the method's
    scaling fits the valley.

    >>> out = ellipses(np.zeros((1, 2)), np.array([[[1.0, 0.0], [0.0, 4.0]]]), ((0, 1), (0, 1)), inverse=False)
    >>> round(float(out[0, :, 0].max()), 3), round(float(out[0, :, 1].max()), 3)  # 1/√1 : 1/√4 = 2 : 1
    (0.12, 0.06)
    """
    lam, V = np.linalg.eigh(np.asarray(matrices, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        half = np.sqrt(np.abs(lam)) if inverse else 1.0 / np.sqrt(np.abs(lam))
        half = half / half.max(axis=-1, keepdims=True)
    half = np.where(np.isfinite(half), half, np.nan) * ELLIPSE_SHARE * max(hi - lo for lo, hi in bounds)
    angle = np.linspace(0.0, 2 * np.pi, ELLIPSE_POINTS + 1)
    circle = np.stack([np.cos(angle), np.sin(angle)], axis=-1)  # (E + 1, 2)
    offsets = np.einsum("fij,fj,ej->fei", V, half, circle)
    return (np.asarray(centres, dtype=float)[:, None, :] + offsets).astype(np.float32)


ARROW_SHARE = 0.08  # an inspector arrow is ARROW_SHARE of the window's larger side, times its own scale


@dataclass(frozen=True)
class Arrow:
    """One arrow of the step inspector, drawn from a path's point at a frame: the ``Frames`` field that
    holds its directions, its name's catalog key, its length (in ARROW_SHAREs), and its line: ``width``,
    ``dash``, and whether it is drawn in the optimizer's colour (``own_colour``) or in ink."""

    field: str
    label: str
    scale: float
    width: float
    dash: str = "solid"
    own_colour: bool = True


ARROWS = (
    Arrow("downhill", "arrow_grad", 1.0, width=2.5, own_colour=False),
    Arrow("momentum", "arrow_momentum", 1.0, width=2.5, dash="dot"),
    Arrow("taken", "arrow_step", 1.3, width=5),
)
FRAME_VALUES = 2 + 4 * len(ARROWS)  # a path's numbers in one frame: its head, and each arrow's two ends


def _inspector_points(frames: Frames, bounds: Sequence[tuple[float, float]]) -> Array:
    """For every frame, the head and the tips of its arrows (``ARROWS``, in order; NaN where an arrow is
    not drawn), rounded to 1/100000 of the window: finer than a pixel, a third of the bytes of a float.

    Kept as one array rather than as the traces' dicts: thousands of small dicts in a cache would
    make every garbage collection of the server slower.
    """
    span = max(hi - lo for lo, hi in bounds)
    length, decimals = ARROW_SHARE * span, max(0, 5 - int(np.ceil(np.log10(span))))
    heads = frames.heads.astype(np.float64)
    out = np.full((heads.shape[0], 1 + len(ARROWS), 2), np.nan)
    out[:, 0] = heads
    for k, arrow in enumerate(ARROWS, 1):
        unit, scale = getattr(frames, arrow.field), arrow.scale
        if unit is not None:
            drawn = unit.any(axis=1)[:, None]
            out[:, k] = np.where(drawn, heads + scale * length * unit, np.nan)
    return np.round(out, decimals)


def _along_the_path(points: Array, step: float) -> Array:
    """Indices of the points to draw: one each time the path has moved another ``step`` along its length.

    Zig-zags move far at every step, so every corner is kept; a path creeping towards a minimum moves
    a hair per step, so most of its thousands of near-identical points go.
    """
    n = points.shape[0]
    if n <= 2:
        return np.arange(n)
    length = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(points, axis=0), axis=1))])
    buckets = np.floor(length / step)
    kept = np.flatnonzero(np.diff(buckets) > 0) + 1
    kept = np.unique(np.r_[0, kept, n - 1])
    if kept.size > MAX_PATH_POINTS:
        kept = np.unique(np.r_[kept[np.linspace(0, kept.size - 1, MAX_PATH_POINTS - 1).astype(int)], n - 1])
    return kept


def _along_the_steps(finite: Array, count: int) -> Array:
    """``count`` evenly spaced of the finite steps, the last one always among them."""
    if finite.size <= count:
        return finite
    return np.unique(np.r_[finite[np.linspace(0, finite.size - 1, count).astype(int)], finite[-1]])


def frame_steps(steps: int) -> Array:
    """The steps the inspector shows: every step of a short run, else every 1, 2, 2.5 or 5 x 10^k-th
    step (0, 50, 100, ... for 1000 steps), and the last one.

    >>> frame_steps(1000)[:4].tolist(), frame_steps(150)[-3:].tolist(), frame_steps(60)[:3].tolist()
    ([0, 50, 100, 150], [130, 140, 150], [0, 5, 10])
    """
    if steps < FRAMES:
        return np.arange(steps + 1, dtype=np.int32)
    rough = steps / (FRAMES - 1)
    power = 10.0 ** np.floor(np.log10(rough))
    stride = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough and (m * power).is_integer())
    return np.unique(np.r_[np.arange(0, steps + 1, stride), steps]).round().astype(np.int32)


def _unit(v: Array) -> Array:
    norm = np.linalg.norm(v, axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(norm > 0, v / norm, 0.0).astype(np.float32)


def _frames(run, last: int) -> Frames:
    total = run.points.shape[0] - 1
    ks = frame_steps(total)
    at = np.minimum(ks, last)
    moving = ks < min(total, last + 1)  # the last point of a path leaves no step, gradient or momentum
    leaving = np.minimum(at, total - 1)

    def arrows(source: Array | None, sign: float) -> Array | None:
        if source is None:
            return None
        return np.where(moving[:, None], _unit(sign * source[leaving]), 0.0).astype(np.float32)

    step = run.points[np.minimum(at + 1, total)] - run.points[at]
    return Frames(
        steps=ks,
        heads=run.points[at].astype(np.float32),
        downhill=arrows(run.grads, -1.0),
        momentum=arrows(run.direction, -1.0),
        taken=np.where(moving[:, None], _unit(np.nan_to_num(step)), 0.0).astype(np.float32),
    )
