"""Cached core runs: the only place the page calls the optimizers. Bounded caches, keyed by plain values.

A slider move asks for one new path. Every other stop of its α slider is computed with it, in the
same batched run (the core broadcasts hyperparameters as (K, 1) columns: Adam's 25 stops on the PR4
page take 23 ms, one block of 8 took 17 ms), so every later move of that slider is a cache hit. A
cached path keeps only what the charts draw (``viz.paths.summarize``: 13 KB for 1000 steps, 23 KB for
5000 with the curvature view), and the rows are kept within ROW_BYTES of what they really hold (see
``row_bytes``), so a hall of 200 students with their own starts fits. Every long loop checks,
every few dozen steps, whether anybody still waits for it (``still_wanted``): a closed tab or a newer
slider move stops it there.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import sys
import threading
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import ParamSpec, TypeVar

import cachetools
import numpy as np
import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

import landscapes
import optimizers
from landscapes.expression import hessian
from optimizers import theory
from parameters import CoreError
from ui import assets, options
from ui.config import CUSTOM, Config, Pairs, make_landscape
from viz.contour import LandscapeView, landscape_view
from viz.paths import Curvature, PathView, ellipses, summarize

ROW = 25  # α values computed together: every stop of an α slider (options.grid), at most
MAP_SIDE = 25  # 25 x 25 starts for the basin map
MAP_STEPS = 1000  # at most, so a map stays interactive and its memory bounded
SWEEP_ALPHAS = 24
SWEEP_DECAYS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)
ROTATIONS = tuple(range(0, 91, 5))
CONTOUR_PIXELS = 420  # the contour picture's side: about the plot's size on a laptop screen
ROW_BYTES = 200 * 2**20  # the row cache's bytes: the PR4 page's 3 rows (0.32 MB each) for 200 own starts
PICTURES_KEPT = 500  # contour pictures on disk: ≈ 15 MB
RUNS_AT_ONCE = 2  # core runs computed at the same time, however many students ask for one
TURN_CHECK = 0.25  # seconds between looking whether a student waiting for its turn still waits

_turns = threading.BoundedSemaphore(RUNS_AT_ONCE)
P, R = ParamSpec("P"), TypeVar("R")


# The session a deferred download works for (``for_this_tab``): it runs in a worker thread of its own,
# outside any script run, so Streamlit's own check cannot see whether that tab is still open.
_requester: ContextVar[str | None] = ContextVar("requester", default=None)


class TabClosedError(Exception):
    """The tab that asked for this work has closed: nobody waits for it any more."""


def still_wanted() -> None:
    """Raises if nobody waits for this work any more: a script run's own Stop/Rerun exception where the
    tab closed or a newer run waits, ``TabClosedError`` where a download's tab closed.

    Reading the session state is where Streamlit checks for those requests; outside a running page
    and a download (a notebook, a benchmark) there is nothing to check.
    """
    if get_script_run_ctx(suppress_warning=True) is not None:
        _ = "_" in st.session_state
    elif (session := _requester.get()) is not None and not _is_open(session):
        raise TabClosedError(session)


def _is_open(session: str) -> bool:
    return not Runtime.exists() or Runtime.instance().is_active_session(session)


def for_this_tab(make: Callable[[], R]) -> Callable[[], R]:
    """``make`` as a deferred download's callable (``st.download_button(data=...)``), which Streamlit runs
    in a worker thread when the button is clicked: still working for the tab that drew the button, so
    ``still_wanted`` stops it if that tab closes meanwhile."""
    context = get_script_run_ctx(suppress_warning=True)
    session = context.session_id if context is not None else None

    def on_click() -> R:
        token = _requester.set(session)
        try:
            return make()
        finally:
            _requester.reset(token)

    return on_click


def in_turn(compute: Callable[P, R]) -> Callable[P, R]:
    """``compute``, run by at most RUNS_AT_ONCE sessions at a time; the others wait for their turn.

    A hall that opens its links at once would otherwise share the server's one interpreter between
    all their runs, and every student would see a first chart only when all of them are done (60
    students with their own links: all after 21 s); in turn, the first get theirs at once. A waiting
    student whose tab closed, or who moved on, stops waiting (``still_wanted``).
    """

    @functools.wraps(compute)
    def in_its_turn(*args: P.args, **kwargs: P.kwargs) -> R:
        while not _turns.acquire(timeout=TURN_CHECK):
            still_wanted()
        try:
            return compute(*args, **kwargs)
        finally:
            _turns.release()

    return in_its_turn


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


def alpha_row(name: str, alpha: float) -> tuple[float, ...]:
    """Every stop of ``name``'s α slider when ``alpha`` is one of them: a student who moves it is then
    answered from the cache all along the slider (at 200 students, a move that missed the cache cost
    the server ≈ 2 ms of every move's 11 ms on average)."""
    grid = tuple(options.grid(optimizers.spec(name).hyperparameters[0]))
    return grid if alpha in grid else (alpha,)  # a value from a link, off the slider's stops


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
    if dataclasses.is_dataclass(obj):
        fields = dataclasses.fields(obj)
        return sys.getsizeof(obj) + sys.getsizeof(vars(obj)) + sum(_held(getattr(obj, f.name)) for f in fields)
    return sys.getsizeof(obj)


# Least recently used rows go first once their bytes pass ROW_BYTES. A session that asks for a row another
# session is computing waits for it (the condition) instead of computing it again, as st.cache_resource did.
def row_cache(max_bytes: int) -> cachetools.LRUCache:
    return cachetools.LRUCache(maxsize=max_bytes, getsizeof=row_bytes)


_rows = row_cache(ROW_BYTES)


@cachetools.cached(_rows, key=lambda key, _arguments: key, condition=threading.Condition())
def _cached_row(key: str, _arguments: dict) -> dict[float, PathView]:
    """``_row(**_arguments)``, kept by ``key``, the arguments' exact ``repr`` (one string to hash on every
    slider move instead of every argument); shared by every session of the server, thread-safe."""
    return _row(**_arguments)


@in_turn
def _row(
    landscape: str,
    params: Pairs,
    name: str,
    hp: Pairs,
    alphas: tuple[float, ...],
    start: tuple[float, ...],
    steps: int,
    noise: float,
    seed: int,
    schedule: Pairs = (),
    batch: int | None = None,
    with_curvature: bool = False,
) -> dict[float, PathView]:
    """One path per α in ``alphas``, all in one batched run; ``hp`` holds the other hyperparameters,
    ``schedule`` the learning-rate schedule as (("name", n), *parameters), ``batch`` the mini-batch size.
    The curvature along each path (a third of a row's work) only ``with_curvature``, for its view."""
    objective = objective_of(landscape, params)
    optimizer = optimizers.get(name, **dict(hp))
    grid = {"alpha": list(alphas)}
    scheduled = schedule_object(schedule)
    result = optimizers.sweep(
        optimizer, objective, start, steps, grid, noise, seed, still_wanted, True, scheduled, batch
    )
    traj = result.trajectory
    minima = getattr(objective, "minima", ())
    out = {}
    for k, alpha in enumerate(result.settings["alpha"]):
        single = optimizers.Trajectory(
            traj.points[:, k], traj.values[:, k], int(traj.diverged_at[k]), traj.grads[:, k], traj.lr[:, k],
            None if traj.direction is None else traj.direction[:, k],
        )  # fmt: skip
        view = summarize(name, single, minima, objective.bounds, frames=True)
        if with_curvature:
            settings = dict(hp) | {"alpha": float(alpha)}
            view = replace(view, curvature=curvature(objective, optimizer.spec, settings, single, view))
        out[float(alpha)] = view
    return out


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
    if config.landscape != CUSTOM or config.view == "pr3":
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
    absent = tuple(Absent(n, refusal) for n in config.optimizers if optimizers.spec(n).uses_hessian)
    if not absent:
        return config, ()
    left = set(config.optimizers) - {a.name for a in absent}
    return replace(
        config,
        optimizers=tuple(n for n in config.optimizers if n in left),
        hyperparameters=tuple(pair for pair in config.hyperparameters if pair[0] in left),
        schedules=tuple(pair for pair in config.schedules if pair[0] in left),
        sweep_opt=config.sweep_opt if config.sweep_opt in left else "",
    ), absent


def paths(config: Config, label_of, landscape: str | None = None, start: tuple[float, ...] | None = None):
    """One PathView per chosen optimizer, labelled in the page's language."""
    views = []
    for name, hp in config.hyperparameters:
        alpha = dict(hp)["alpha"]
        others = tuple((k, v) for k, v in hp if k != "alpha")  # the row's key: every setting but α
        arguments = dict(
            landscape=landscape or config.landscape,
            params=config.landscape_params if landscape is None else (),
            name=name,
            hp=others,
            alphas=alpha_row(name, alpha),
            start=start or config.start,
            steps=config.steps,
            noise=config.noise,
            seed=config.seed,
            schedule=config.schedule_of(name),
            batch=config.batch_size if landscape is None else None,
            with_curvature=config.curvature and landscape is None,
        )
        row = _cached_row(repr(arguments), arguments)
        views.append(replace(row[alpha], label=label_of(name)))
    return views


@st.cache_data(max_entries=32, show_spinner=False)
@in_turn
def basin_map(
    landscape: str, params: Pairs, name: str, hp: Pairs, steps: int, noise: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each of MAP_SIDE² starts ends: the index of the global minimum it reached, then
    len(minima) for "elsewhere" and len(minima) + 1 for "diverged"."""
    ls = make_landscape(landscape, params)
    (x0, x1), (y0, y1) = ls.bounds
    xs, ys = np.linspace(x0, x1, MAP_SIDE), np.linspace(y0, y1, MAP_SIDE)
    X, Y = np.meshgrid(xs, ys)
    starts = np.stack([X.ravel(), Y.ravel()], axis=-1)
    optimizer = optimizers.get(name, **dict(hp))
    traj = optimizers.run(optimizer, ls, starts, steps, noise, seed, interrupt=still_wanted, shared_noise=True)
    outcome = ls.nearest_minimum(traj.last)
    outcome = np.where(outcome < 0, len(ls.minima), outcome)
    outcome = np.where(traj.diverged_at >= 0, len(ls.minima) + 1, outcome)
    return xs, ys, outcome.reshape(MAP_SIDE, MAP_SIDE)


def sweep_axes(name: str) -> tuple[str, str | None]:
    """α, and the optimizer's momentum-like decay if it has one (β, ρ₁ or ρ)."""
    names = [p.name for p in optimizers.spec(name).hyperparameters]
    second = next((n for n in ("beta", "rho1", "rho") if n in names), None)
    return "alpha", second


@st.cache_data(max_entries=32, show_spinner=False)
@in_turn
def sweep_map(
    landscape: str, params: Pairs, name: str, hp: Pairs, start: tuple[float, float], steps: int
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, int]:
    """Final loss (log10(f − f*), NaN where diverged) over α x (decay), in one batched run."""
    ls = make_landscape(landscape, params)
    lo, hi = optimizers.spec(name).hyperparameters[0].slider
    alphas = np.geomspace(lo, hi, SWEEP_ALPHAS)
    x_name, y_name = sweep_axes(name)
    grid = {x_name: alphas} if y_name is None else {y_name: SWEEP_DECAYS, x_name: alphas}
    result = optimizers.sweep(optimizers.get(name, **dict(hp)), ls, start, steps, grid, interrupt=still_wanted)
    final = result.trajectory.values[-1]
    gap = final - (ls.f_min if ls.f_min is not None else 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.log10(np.maximum(gap, 1e-16)) if ls.f_min is not None else gap
    z = np.where(result.trajectory.diverged_at >= 0, np.nan, z)
    decays = None if y_name is None else np.asarray(SWEEP_DECAYS)
    return alphas, decays, z.reshape(result.shape), int(final.size)


@st.cache_data(max_entries=16, show_spinner=False)
@in_turn
def rotation_reach(kappa: float, runs: tuple[tuple[str, Pairs], ...], start: tuple[float, float], steps: int):
    """Steps to the minimum of the κ-bowl for each rotation θ in ROTATIONS, per optimizer: one batched
    run per optimizer, each path on its own turned bowl."""
    bowls = landscapes.family("quadratic", kappa=kappa, theta=[float(t) for t in ROTATIONS])
    starts = np.repeat([start], len(ROTATIONS), axis=0)
    reached = {}
    for name, hp in runs:
        traj = optimizers.run(optimizers.get(name, **dict(hp)), bowls, starts, steps, interrupt=still_wanted)
        inside = bowls.distance_to_minimum(traj.points) <= bowls.tolerance  # (steps + 1, len(ROTATIONS))
        reached[name] = np.where(inside.any(axis=0), np.argmax(inside, axis=0), np.nan).astype(float)
    return np.array(ROTATIONS, dtype=float), reached


@st.cache_data(max_entries=16, show_spinner=False)
def early_adam_steps(hp: Pairs, landscape: str, params: Pairs, start: tuple[float, float], steps: int = 30):
    """Step lengths of Adam's first steps with and without bias correction."""
    ls = make_landscape(landscape, params)
    lengths = []
    for bc in (True, False):
        traj = optimizers.run(optimizers.get("adam", **(dict(hp) | {"bias_correction": bc})), ls, start, steps)
        lengths.append(np.linalg.norm(np.diff(traj.points, axis=0), axis=1))
    return lengths[0], lengths[1]


@st.cache_data(max_entries=16, show_spinner=False)
def reddi(alphas: tuple[tuple[str, float], ...], steps: int, C: float = 3.0):
    """Reddi et al.'s setting for each optimizer: ρ₁ = 0, ρ₂ = 1/(1 + C²), α_t = α/√t, from x = 0."""
    problem = landscapes.ReddiCounterexample(C=C)
    iterates, regret = {}, {}
    t = np.arange(1, steps + 1)
    best = -np.where(t % 3 == 1, problem.C, -1.0)  # f_t(x*) at the best fixed point x* = −1
    for name, alpha in alphas:
        opt = optimizers.get(name, alpha=alpha, rho1=0.0, rho2=problem.rho2)
        traj = optimizers.run_online(opt, problem, start=0.0, steps=steps)
        iterates[name] = traj.points[:, 0]
        regret[name] = np.cumsum(traj.values[:-1] - best) / t
    return problem, iterates, regret
