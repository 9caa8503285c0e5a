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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from viz.columns import every, norm, some

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

    def path(self, k: int) -> Frames:
        """Path k's frames, of a batch's (whose arrays are (F, K, dim))."""

        def own(array: Array | None) -> Array | None:
            return None if array is None else array[:, k].copy()

        return Frames(self.steps, own(self.heads), own(self.downhill), own(self.momentum), own(self.taken))


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
    return summarize_paths(name, _as_batch(run), minima, bounds, frames, f_min)[0]


def summarize_paths(
    name: str,
    run,
    minima: Sequence[Sequence[float]],
    bounds: Sequence[tuple[float, float]],
    frames: bool = False,
    f_min: float | None = None,
) -> list[PathView]:
    """``summarize`` of every path of a batched run (``points`` (S+1, K, dim), as ``optimizers.sweep`` makes
    a slider's row), each equal to ``summarize`` of that path alone.

    What every path needs (finiteness, the length along each path, the distance to the minima, the
    inspector's frames) is computed for all K at once: NumPy's cost is mostly per call, and a row's 25
    paths summarized one by one took 10 ms (Adam's α row, 1000 steps), at once 4.3 ms.

    >>> t = np.arange(11.0)[:, None] / 10
    >>> both = np.stack([t * [1.0, 1.0], t * [1.0, 0.0]], axis=1)  # (11, 2, 2): two straight paths
    >>> run = SimpleNamespace(points=both, values=t.repeat(2, 1), diverged_at=np.array([-1, -1]), grads=None,
    ...                       lr=None, direction=None)
    >>> [p.reached_at for p in summarize_paths("sgd", run, minima=((1.0, 1.0),), bounds=((0, 1), (0, 1)))]
    [10, None]
    """
    with np.errstate(over="ignore", invalid="ignore"):  # a runaway value is inf in float32: still drawn off-scale
        return _summaries(name, run, minima, bounds, frames, f_min)


def _summaries(name, run, minima, bounds, frames, f_min) -> list[PathView]:
    points, values = run.points, run.values
    finite = every(np.isfinite(points))
    any_finite = finite.any(axis=0)
    last = np.where(any_finite, finite.shape[0] - 1 - np.argmax(finite[::-1], axis=0), 0)
    moved = _moved_another(points, tolerance(bounds) * PATH_TOLERANCE / TOLERANCE_SHARE)
    curves = _curve_steps(np.isfinite(values))
    gaps = _gaps(points, minima) if minima else None
    reached = None if gaps is None else _first(gaps <= tolerance(bounds))
    first_outside = _first(_outside(points, bounds) & (np.arange(points.shape[0])[:, None] <= last))
    diverged_at = np.asarray(run.diverged_at).reshape(-1)
    inspector = _frames(run, last) if frames and run.grads is not None else None
    drawn_frames = _inspector_points(inspector, bounds) if inspector is not None else None
    views = []
    for k, end in enumerate(last.tolist()):
        kept = _along_the_path(moved[:end, k], end + 1)
        curve = curves(k)
        curve_values, floor = values[curve, k].astype(np.float64), None
        if f_min is not None and curve.size:
            floor = gap_floor(float(values[0, k]), f_min)
            curve_values = np.maximum(curve_values, f_min + floor)
        known = gaps is not None and any_finite[k]
        view = PathView(
            name=name,
            steps=kept.astype(np.int32),
            points=points[kept, k].astype(np.float32),
            values=values[kept, k].astype(np.float32),
            curve_steps=curve.astype(np.int32),
            curve_values=curve_values,
            lr=None
            if run.lr is None or not curve.size
            else run.lr[np.minimum(curve, len(run.lr) - 1), k].astype(np.float32),
            diverged_at=int(diverged_at[k]),
            final_f=float(values[end, k]) if np.isfinite(values[end, k]) else float("nan"),
            distance=float(gaps[end, k]) if known else None,
            reached_at=int(reached[k]) if known and reached[k] >= 0 else None,
            left_at=int(first_outside[k]) if first_outside[k] >= 0 else None,
            frames=None if inspector is None else inspector.path(k),
            inspector=None if drawn_frames is None else drawn_frames[:, k].copy(),
            floor=floor,
        )
        views.append(view)
    return views


def _as_batch(run) -> SimpleNamespace:
    """A single run as a batch of one path."""

    def one(array: Array | None) -> Array | None:
        return None if array is None else array[:, None]

    return SimpleNamespace(
        points=one(run.points), values=one(run.values), diverged_at=np.array([run.diverged_at]),
        grads=one(run.grads), lr=one(run.lr), direction=one(run.direction),
    )  # fmt: skip


def _curve_steps(finite: Array) -> Callable[[int], Array]:
    """Path k's steps of the loss curve (``_along_the_steps`` of its finite values' steps); the same array
    for the paths whose finite values are the same first m steps, as a row's are but for those that stop."""
    counts = finite.sum(axis=0)
    prefix = counts == np.where(finite.all(axis=0), finite.shape[0], np.argmin(finite, axis=0))
    made: dict[int, Array] = {}

    def of(k: int) -> Array:
        if not prefix[k]:
            return _along_the_steps(np.flatnonzero(finite[:, k]), CURVE_POINTS)
        m = int(counts[k])
        if m not in made:
            made[m] = _along_the_steps(np.arange(m), CURVE_POINTS)
        return made[m]

    return of


def _gaps(points: Array, minima: Sequence[Sequence[float]]) -> Array:
    """(S+1, K): each point's distance to the nearest of ``minima``."""
    return norm(points[:, :, None, :] - np.asarray(minima, dtype=float)).min(axis=2)


def _outside(points: Array, bounds: Sequence[tuple[float, float]]) -> Array:
    return some((points < [lo for lo, _ in bounds]) | (points > [hi for _, hi in bounds]))


def _first(flags: Array) -> Array:
    """(K,): the first step i where ``flags[i, k]``, −1 where there is none.

    >>> out = _outside(np.array([[[0.0, 0.0]], [[0.5, 0.9]], [[0.5, 1.2]]]), ((0, 1), (0, 1)))
    >>> _first(out).tolist(), _first(out[:2]).tolist()
    ([2], [-1])
    """
    return np.where(flags.any(axis=0), np.argmax(flags, axis=0), -1)


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
    """For every frame (of every path, for a batch's frames), the head and the tips of its arrows
    (``ARROWS``, in order; NaN where an arrow is not drawn), rounded to 1/100000 of the window: finer than
    a pixel, a third of the bytes of a float.

    Kept as one array rather than as the traces' dicts: thousands of small dicts in a cache would
    make every garbage collection of the server slower.
    """
    span = max(hi - lo for lo, hi in bounds)
    length, decimals = ARROW_SHARE * span, max(0, 5 - int(np.ceil(np.log10(span))))
    heads = frames.heads.astype(np.float64)
    out = np.full((*heads.shape[:-1], 1 + len(ARROWS), 2), np.nan)
    out[..., 0, :] = heads
    for k, arrow in enumerate(ARROWS, 1):
        unit, scale = getattr(frames, arrow.field), arrow.scale
        if unit is not None:
            drawn = some(unit != 0)[..., None]
            out[..., k, :] = np.where(drawn, heads + scale * length * unit, np.nan)
    return np.round(out, decimals)


def _moved_another(points: Array, step: float) -> Array:
    """(S, K): whether path k, going from point i to i+1, has moved into another ``step`` of its length."""
    length = np.cumsum(norm(np.diff(points, axis=0)), axis=0)
    buckets = np.floor(np.concatenate([np.zeros((1, *length.shape[1:])), length]) / step)
    return np.diff(buckets, axis=0) > 0


def _along_the_path(moved: Array, n: int) -> Array:
    """Indices of a path's first ``n`` points to draw: one each time it has moved another step along its
    length (``moved``, of its first n − 1 steps: ``_moved_another``), and the first and the last.

    Zig-zags move far at every step, so every corner is kept; a path creeping towards a minimum moves
    a hair per step, so most of its thousands of near-identical points go.

    >>> _along_the_path(np.array([True, False, False, True, False]), 6).tolist()
    [0, 1, 4, 5]
    """
    if n <= 2:
        return np.arange(n)
    moves = np.flatnonzero(moved) + 1  # increasing, within 1 … n − 1: 0 and n − 1 are added once
    kept = np.r_[0, moves] if moves.size and moves[-1] == n - 1 else np.r_[0, moves, n - 1]
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
    size = norm(v)[..., None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(size > 0, v / size, 0.0).astype(np.float32)


def _frames(run, last: Array) -> Frames:
    """The inspector's frames of every path of a batched run (arrays (F, K, dim)); path k's last finite
    point is ``last[k]``."""
    total = run.points.shape[0] - 1
    ks = frame_steps(total)
    at = np.minimum(ks[:, None], last)
    # the last point of a path leaves no step, gradient or momentum
    moving = (ks[:, None] < np.minimum(total, last + 1))[..., None]
    leaving = np.minimum(at, total - 1)
    path = np.arange(last.size)

    def arrows(source: Array | None, sign: float) -> Array | None:
        if source is None:
            return None
        return np.where(moving, _unit(sign * source[leaving, path]), 0.0).astype(np.float32)

    step = run.points[np.minimum(at + 1, total), path] - run.points[at, path]
    return Frames(
        steps=ks,
        heads=run.points[at, path].astype(np.float32),
        downhill=arrows(run.grads, -1.0),
        momentum=arrows(run.direction, -1.0),
        taken=np.where(moving, _unit(np.nan_to_num(step)), 0.0).astype(np.float32),
    )
