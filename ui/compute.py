"""Cached core runs: the only place the app calls the optimizers. Bounded caches, keyed by plain values."""

from __future__ import annotations

import numpy as np
import streamlit as st

import landscapes
import optimizers
from ui.config import Config, make_landscape
from viz import LandscapeView, PathView
from viz.contour import landscape_view as viz_landscape_view
from viz.results import classify_ends, steps_to_reach, tolerance

Pairs = tuple[tuple[str, object], ...]
MAP_SIDE = 25  # 25 x 25 starts for the basin map
MAP_STEPS = 1000  # at most, so a map stays interactive and its memory bounded
SWEEP_ALPHAS = 24
SWEEP_DECAYS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)
ROTATIONS = tuple(range(0, 91, 5))
CONTOUR_PIXELS = 420  # the contour picture's side: about the plot's size on a laptop screen


@st.cache_data(max_entries=64, show_spinner=False)
def landscape_view(landscape: str, params: Pairs) -> LandscapeView:
    return viz_landscape_view(make_landscape(landscape, params), image_pixels=CONTOUR_PIXELS)


@st.cache_data(max_entries=256, show_spinner=False)
def trajectory(
    landscape: str,
    params: Pairs,
    name: str,
    hp: Pairs,
    start: tuple[float, ...],
    steps: int,
    noise: float = 0.0,
    seed: int = 0,
) -> optimizers.Trajectory:
    objective = landscapes.curve(landscape) if landscape in landscapes.CURVES else make_landscape(landscape, params)
    return optimizers.run(
        optimizers.get(name, **dict(hp)), objective, start=start, steps=steps, noise=noise, seed=seed, record=True
    )


def paths(config: Config, label_of, landscape: str | None = None, start: tuple[float, ...] | None = None):
    """One PathView per chosen optimizer; each run is cached on its own, so one slider re-runs one path."""
    views = []
    for name, hp in config.hyperparameters:
        traj = trajectory(
            landscape or config.landscape,
            config.landscape_params if landscape is None else (),
            name,
            hp,
            start or config.start,
            config.steps,
            config.noise,
            config.seed,
        )
        views.append(
            PathView(
                name,
                label_of(name),
                traj.points,
                traj.values,
                int(traj.diverged_at),
                grads=traj.grads,
                direction=traj.direction,
                lr=traj.lr,
            )
        )
    return views


@st.cache_data(max_entries=32, show_spinner=False)
def basin_map(
    landscape: str, params: Pairs, name: str, hp: Pairs, steps: int, noise: float, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each of MAP_SIDE² starts ends: an outcome index per start (see classify_ends)."""
    ls = make_landscape(landscape, params)
    (x0, x1), (y0, y1) = ls.bounds
    xs, ys = np.linspace(x0, x1, MAP_SIDE), np.linspace(y0, y1, MAP_SIDE)
    X, Y = np.meshgrid(xs, ys)
    starts = np.stack([X.ravel(), Y.ravel()], axis=-1)
    traj = optimizers.run(optimizers.get(name, **dict(hp)), ls, starts, min(steps, MAP_STEPS), noise, seed)
    outcome = classify_ends(traj.last, traj.diverged_at, ls.minima, tolerance(ls.bounds))
    return xs, ys, outcome.reshape(MAP_SIDE, MAP_SIDE)


def sweep_axes(name: str) -> tuple[str, str | None]:
    """α, and the optimizer's momentum-like decay if it has one (β, ρ₁ or ρ)."""
    names = [p.name for p in optimizers.spec(name).hyperparameters]
    second = next((n for n in ("beta", "rho1", "rho") if n in names), None)
    return "alpha", second


@st.cache_data(max_entries=32, show_spinner=False)
def sweep_map(
    landscape: str, params: Pairs, name: str, hp: Pairs, start: tuple[float, float], steps: int
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, int]:
    """Final loss (log10(f − f*), NaN where diverged) over α x (decay), in one batched run."""
    ls = make_landscape(landscape, params)
    alpha_param = optimizers.spec(name).hyperparameters[0]
    lo, hi = alpha_param.slider
    alphas = np.geomspace(lo, hi, SWEEP_ALPHAS)
    x_name, y_name = sweep_axes(name)
    grid = {x_name: alphas} if y_name is None else {y_name: SWEEP_DECAYS, x_name: alphas}
    result = optimizers.sweep(optimizers.get(name, **dict(hp)), ls, start, min(steps, MAP_STEPS), grid)
    final = result.trajectory.values[-1]
    gap = final - (ls.f_min if ls.f_min is not None else 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.log10(np.maximum(gap, 1e-16)) if ls.f_min is not None else gap
    z = np.where(result.trajectory.diverged_at >= 0, np.nan, z)
    decays = None if y_name is None else np.asarray(SWEEP_DECAYS)
    return alphas, decays, z.reshape(result.shape), int(final.size)


@st.cache_data(max_entries=16, show_spinner=False)
def rotation_reach(kappa: float, runs: tuple[tuple[str, Pairs], ...], start: tuple[float, float], steps: int):
    """Steps to the minimum of the κ-bowl for each rotation θ in ROTATIONS, per optimizer."""
    reached = {name: [] for name, _ in runs}
    for theta in ROTATIONS:
        bowl = landscapes.get("quadratic", kappa=kappa, theta=float(theta))
        tol = tolerance(bowl.bounds)
        for name, hp in runs:
            traj = optimizers.run(optimizers.get(name, **dict(hp)), bowl, start, steps)
            reached[name].append(steps_to_reach(traj.points, (0.0, 0.0), tol))
    return np.array(ROTATIONS, dtype=float), {k: np.array(v) for k, v in reached.items()}


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
