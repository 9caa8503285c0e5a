"""Cached core runs: the only place the page calls the optimizers. Bounded caches, keyed by plain values.

A slider move asks for one new path. Every other stop of its α slider is computed with it, in the
same batched run (the core broadcasts hyperparameters as (K, 1) columns: Adam's 25 stops on the PR4
page take 23 ms, one block of 8 took 17 ms), so every later move of that slider is a cache hit. A
cached path keeps only what the charts draw (``viz.paths.summarize``: 13 KB for 1000 steps, 23 KB for
5000 with the curvature view), and the rows are kept within ROW_BYTES of what they really hold (see
``row_bytes``), so a hall of 200 students with their own starts fits. Every run is one value, ``Run``:
the cache's key, the CSV's (``ui.downloads``) and every view's.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ParamSpec, TypeVar

import cachetools
import numpy as np
import streamlit as st

import landscapes
import optimizers
from landscapes.expression import hessian
from optimizers import theory
from parameters import CoreError
from ui import assets, options
from ui.config import CUSTOM, Config, Pairs, make_landscape
from ui.cores import elsewhere
from ui.turns import in_turn, still_wanted
from viz.contour import LandscapeView, landscape_view
from viz.paths import Curvature, PathView, ellipses, summarize_paths
from viz.rowdata import pack_paths

P, R = ParamSpec("P"), TypeVar("R")  # in_turn_elsewhere passes a call on as it was typed
CONTOUR_PIXELS = 420  # the contour picture's side: about the plot's size on a laptop screen
ROW_BYTES = 200 * 2**20  # the row cache's bytes: the PR4 page's 3 rows (0.32 MB each) for 200 own starts
PICTURES_KEPT = 500  # contour pictures on disk: ≈ 15 MB


@dataclass(frozen=True)
class Run:
    """One optimizer's run as a view asks for it: on ``landscape`` (a registered one, a typed one by its
    ``params``, or a 1D curve) from ``start``, with its hyperparameters ``hp`` (α among them), schedule,
    gradient noise and mini-batch size; with the curvature along the path where its view shows it."""

    landscape: str
    params: Pairs
    name: str
    hp: Pairs
    start: tuple[float, ...]
    steps: int
    noise: float = 0.0
    seed: int = 0
    schedule: Pairs = ()  # (("name", n), *its parameters); () for a constant α
    batch: int | None = None
    curvature: bool = False

    @property
    def alpha(self) -> float:
        return dict(self.hp)["alpha"]

    def objective(self):
        return objective_of(self.landscape, self.params)

    def optimizer(self, **changed: object) -> optimizers.Optimizer:
        return optimizers.get(self.name, **(dict(self.hp) | changed))

    def scheduled(self) -> optimizers.Schedule | None:
        return schedule_object(self.schedule)


def runs_of(config: Config, landscape: str | None = None, start: tuple[float, ...] | None = None) -> tuple[Run, ...]:
    """Each chosen optimizer's run in the config's view; on the 1D curve ``landscape`` (PR3) from ``start``,
    with neither mini-batches nor the curvature view, which belong to the 2D landscape."""
    on_curve = landscape is not None
    return tuple(
        Run(
            landscape=landscape or config.f,
            params=() if on_curve else config.landscape_params,
            name=name,
            hp=hp,
            start=start or config.start,
            steps=config.steps,
            noise=config.noise,
            seed=config.seed,
            schedule=config.schedule_of(name),
            batch=None if on_curve else config.batch_size,
            curvature=config.curv and not on_curve,
        )
        for name, hp in config.hyperparameters
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def landscape_picture(landscape: str, params: Pairs) -> LandscapeView:
    """The landscape as the plots need it; its contour picture served as a file (see ``published``)."""
    view = landscape_view(make_landscape(landscape, params), image_pixels=CONTOUR_PIXELS)
    return replace(view, image=published(view.image)) if view.image else view


def published(data_uri: str) -> str:
    """The contour picture as a static file (``static/contours/<hash>.png``, see ``ui.assets``) instead of
    inside every redraw of the plot: 30 KB less per slider move, and the browser decodes it once; the
    oldest are removed beyond PICTURES_KEPT. Where the folder cannot be written, the picture stays
    inside the figure."""
    try:
        return assets.publish(base64.b64decode(data_uri.split(",", 1)[1]), "contours", ".png", keep=PICTURES_KEPT)
    except OSError:
        return data_uri


def objective_of(landscape: str, params: Pairs):
    return landscapes.curve(landscape) if landscape in landscapes.CURVES else make_landscape(landscape, params)


def stops_of(name: str, value: float, parameter: str = "alpha") -> tuple[float, ...]:
    """Every stop of ``name``'s ``parameter`` slider, ``value`` among them (a value from a link, off the
    slider's stops, is added): a student who moves it is then answered from one row all along the
    slider (at 200 students, a move that missed the cache cost the server ≈ 2 ms of every move's 11 ms
    on average), and the stage (``ui.stage``) draws every stop in the browser."""
    p = next(p for p in optimizers.spec(name).hyperparameters if p.name == parameter)
    grid = options.grid(p)
    return tuple(grid if value in grid else sorted({*grid, float(value)}))


def row_bytes(row: dict[float, PathView]) -> int:
    """What a cached row holds: every array (numpy's ``nbytes`` and its header, through ``sys.getsizeof``)
    and every Python object around them. Measured against tracemalloc, which sees the row allocated: the
    PR4 page's Adam row of 25 paths 316 KB (this count 1.6% more), with 5000 steps and the curvature view
    578 KB (1.0% more), a row of 3 steps 59 KB (9% more); the server's resident memory grew ≈ 0.64 MB per
    distinct 5000-step link, malloc's own overhead besides."""
    return sys.getsizeof(row) + sum(sys.getsizeof(alpha) + _held(view) for alpha, view in row.items())


def _held(obj: object) -> int:
    if isinstance(obj, np.ndarray):  # a view keeps its base alive: count that too
        return sys.getsizeof(obj) + (0 if obj.base is None else _held(obj.base))
    if isinstance(obj, dict):  # the stage's packed path: a few strings
        return sys.getsizeof(obj) + sum(_held(v) for v in obj.values())
    if dataclasses.is_dataclass(obj):
        fields = dataclasses.fields(obj)
        return sys.getsizeof(obj) + sys.getsizeof(vars(obj)) + sum(_held(getattr(obj, f.name)) for f in fields)
    return sys.getsizeof(obj)


# Least recently used rows go first once their bytes pass ROW_BYTES. A session that asks for a row another
# session is computing waits for it (the condition) instead of computing it again, as st.cache_resource did.
def row_cache(max_bytes: int) -> cachetools.LRUCache:
    return cachetools.LRUCache(maxsize=max_bytes, getsizeof=row_bytes)


_rows = row_cache(ROW_BYTES)
_rows_condition = threading.Condition()


@cachetools.cached(_rows, key=lambda key, _row_run, _parameter, _values: key, condition=_rows_condition)
def _cached_row(key: str, _row_run: Run, _parameter: str, _values: tuple[float, ...]) -> dict[float, PathView]:
    """``_row``, kept by ``key``, the row's exact ``repr`` (one string to hash on every slider move instead of
    every field); shared by every session of the server, thread-safe."""
    return _row(_row_run, _parameter, _values)


def row_of(run: Run, parameter: str = "alpha") -> dict[float, PathView]:
    """The row of ``run``: its path at every stop of its ``parameter`` slider (``stops_of``), from the cache."""
    values = row_stops(run, parameter)
    return _cached_row(_row_key(run, parameter, values), run, parameter, values)


def row_stops(run: Run, parameter: str) -> tuple[float, ...]:
    return stops_of(run.name, dict(run.hp)[parameter], parameter)


def _row_key(run: Run, parameter: str, values: tuple[float, ...]) -> str:
    key = replace(run, hp=tuple(pair for pair in run.hp if pair[0] != parameter))  # every setting but that one
    return repr((key, parameter, values))


def known_row(run: Run, parameter: str) -> dict[float, PathView] | None:
    """``row_of`` where the cache holds it, else None (nothing is computed)."""
    with _rows_condition:
        return _rows.get(_row_key(run, parameter, row_stops(run, parameter)))


def keep_row(run: Run, parameter: str, row: dict[float, PathView]) -> dict[float, PathView]:
    """``row``, made by a worker (``made_row``), kept as ``row_of``'s (a row larger than the whole cache is not)."""
    row = owned(row)
    with _rows_condition, contextlib.suppress(ValueError):
        _rows[_row_key(run, parameter, row_stops(run, parameter))] = row
    return row


@in_turn
def _row(run: Run, parameter: str, values: tuple[float, ...]) -> dict[float, PathView]:
    """``made_row``, on another of the server's cores where it has one (``ui.cores``)."""
    return owned(elsewhere(made_row, run, parameter, values))


@in_turn
def in_turn_elsewhere(compute: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """``compute``, a core run, in its turn (``ui.turns``) on another core (``ui.cores``)."""
    return elsewhere(compute, *args, **kwargs)


def owned(row: dict[float, PathView]) -> dict[float, PathView]:
    return {value: _own(view) for value, view in row.items()}


def _own(obj):
    """``obj`` with every array in it its own, of NumPy's own dtype. An array unpickled from a worker's answer
    holds a copy of its dtype and keeps the bytes it was read from: ``row_bytes`` would miss ≈ 2 KB a row."""
    if isinstance(obj, np.ndarray):
        return obj.astype(np.dtype(obj.dtype.str))  # a copy: np.array(obj, dtype=...) would keep the copied dtype
    if dataclasses.is_dataclass(obj):
        return replace(obj, **{f.name: _own(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.init})
    return obj


def made_row(run: Run, parameter: str, values: tuple[float, ...]) -> dict[float, PathView]:
    """One path per value of ``parameter`` in ``values``, all in one batched run, each with its path packed
    for the stage (``viz.rowdata``, from every step of the core's path). The curvature along each path (a
    third of a row's work) only where its view shows it."""
    objective = run.objective()
    optimizer = run.optimizer()
    result = optimizers.sweep(
        optimizer,
        objective,
        run.start,
        run.steps,
        {parameter: list(values)},
        run.noise,
        run.seed,
        still_wanted,
        True,
        run.scheduled(),
        run.batch,
    )
    traj = result.trajectory
    minima = getattr(objective, "minima", ())
    views = summarize_paths(run.name, traj, minima, objective.bounds, frames=True, f_min=objective.f_min)
    out = {}
    for k, (value, view) in enumerate(zip(result.settings[parameter], views, strict=True)):
        single = optimizers.Trajectory(
            traj.points[:, k], traj.values[:, k], int(traj.diverged_at[k]), traj.grads[:, k], traj.lr[:, k],
            None if traj.direction is None else traj.direction[:, k],
        )  # fmt: skip
        if run.curvature:
            settings = dict(run.hp) | {parameter: float(value)}
            view = replace(view, curvature=curvature(objective, optimizer.spec, settings, single, view))
        out[float(value)] = (single, view)
    return _with_packed(out, objective.bounds)


def _with_packed(row: dict[float, tuple], bounds) -> dict[float, PathView]:
    """Each path of the row with the stage's drawing of it: every finite step of the core's 2D path, to half a
    pixel (``viz.rowdata``), the row's paths packed together."""
    drawn = {
        value: (single.points[: view.last_step + 1], np.arange(view.last_step + 1))
        for value, (single, view) in row.items()
        if single.points.shape[1] == 2 and view.steps.size
    }
    packed = dict(zip(drawn, pack_paths(list(drawn.values()), bounds), strict=True))
    return {value: replace(view, packed=packed.get(value)) for value, (_, view) in row.items()}


def curvature(objective, spec, settings: dict, run, view: PathView) -> Curvature | None:
    """κ(H) and κ(P·H) along a 2D path, and at each inspector frame its curvature and scaling ellipses."""
    if len(objective.bounds) != 2 or view.frames is None or run.lr is None:
        return None
    last = run.lr.shape[0] - 1
    try:
        H = objective.hess(run.points[view.curve_steps])
        at_frames = objective.hess(view.frames.heads)
    except CoreError:  # a typed function whose Hessian is too expensive: no curvature view
        return None
    with np.errstate(all="ignore"):
        P = theory.preconditioner(spec.uses_hessian, settings, H, run.lr[np.minimum(view.curve_steps, last)])
        P_frames = theory.preconditioner(
            spec.uses_hessian, settings, at_frames, run.lr[np.minimum(view.frames.steps, last)]
        )
        outlines = np.stack(
            [
                ellipses(view.frames.heads, at_frames, objective.bounds, inverse=False),
                ellipses(view.frames.heads, P_frames, objective.bounds, inverse=True),
            ],
            axis=1,
        )
        return Curvature(
            kappa=theory.condition_number(H).astype(np.float32),
            kappa_scaled=theory.scaled_condition(P, H).astype(np.float32),
            ellipses=np.round(outlines, 5),
        )


def schedule_object(schedule: Pairs) -> optimizers.Schedule | None:
    """The schedule of a Config's (("name", n), *parameters), or None for a constant α."""
    return optimizers.schedule(schedule[0][1], **dict(schedule[1:])) if schedule else None


@dataclass(frozen=True)
class Absent:
    """An optimizer the page cannot run on this landscape, and the core's reason why."""

    name: str
    reason: CoreError


def hessian_refusal(config: Config) -> CoreError | None:
    """Why a method that needs ∇²f cannot run on this landscape, or None where it can: a typed function
    whose Hessian the core refuses (too expensive to compute); SymPy's work is cached by the core."""
    if config.f != CUSTOM or config.view == "pr3":
        return None
    try:
        hessian(dict(config.landscape_params)["expr"])
    except CoreError as error:
        return error
    return None


def runnable(config: Config) -> tuple[Config, tuple[Absent, ...]]:
    """The config without the optimizers that cannot run here, and why each cannot: the page draws every
    other optimizer and says why the missing one is not there, instead of failing as a whole."""
    refusal = hessian_refusal(config)
    if refusal is None:
        return config, ()
    absent = tuple(Absent(n, refusal) for n in config.opt if optimizers.spec(n).uses_hessian)
    if not absent:
        return config, ()
    left = set(config.opt) - {a.name for a in absent}
    return replace(
        config,
        opt=tuple(n for n in config.opt if n in left),
        hyperparameters=tuple(pair for pair in config.hyperparameters if pair[0] in left),
        schedules=tuple(pair for pair in config.schedules if pair[0] in left),
        sweep_opt=config.sweep_opt if config.sweep_opt in left else "",
    ), absent


def paths(config: Config, label_of, landscape: str | None = None, start: tuple[float, ...] | None = None):
    """One PathView per chosen optimizer (``runs_of``), labelled in the page's language."""
    return [replace(row_of(run)[run.alpha], label=label_of(run.name)) for run in runs_of(config, landscape, start)]
